package io.sluice.sink.pipeline;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The sink-service's settings ({@code sluice.sink.*}).
 *
 * @param lease          how long other replicas wait for this replica's insert before taking it over;
 *                       longer than the slowest insert, or replicas insert the same block twice (harmless, wasteful)
 * @param retryInitial   first wait after a transient ClickHouse failure
 * @param retryMax       longest wait between retries (capped exponential backoff)
 * @param insertTimeout  longest one insert may take before it counts as failed (and is retried)
 * @param purgeInterval  how often a lane removes the input it inserted from the stream (keeping
 *                       each ingest partition's last batch, where ingest resumes)
 * @param maxBlockBytes  most input bytes in one insert block, whatever the pipeline's
 *                       {@code maxBatchSize}: a block is held in memory twice (events, then
 *                       RowBinary), so this bounds the heap a lane needs when events are large
 * @param idleWait       how often an idle (parked) lane reads its progress, at most every 2 minutes
 *                       (when it also looks at its stream): a message published to the lane wakes it
 *                       at once, and it then reads the progress, so this costs no latency; it only
 *                       bounds how long a lost wake-up (NATS reconnecting) can hide an insert a dead
 *                       replica left unfinished. 15 s until 2026-12-07: with 200 idle pipelines a
 *                       third of the requests NATS served. A stop wakes it at once
 */
@Validated
@ConfigurationProperties("sluice.sink")
public record SinkProperties(
        @NotNull @DefaultValue("30s") Duration lease,
        @NotNull @DefaultValue("500ms") Duration retryInitial,
        @NotNull @DefaultValue("30s") Duration retryMax,
        @NotNull @DefaultValue("120s") Duration insertTimeout,
        @NotNull @DefaultValue("10s") Duration purgeInterval,
        @NotNull @DefaultValue("32MB") DataSize maxBlockBytes,
        @NotNull @DefaultValue("2m") Duration idleWait) {
}

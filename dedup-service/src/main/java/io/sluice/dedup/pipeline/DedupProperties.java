package io.sluice.dedup.pipeline;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dedup-service's settings ({@code sluice.dedup.*}; environment {@code SLUICE_DEDUP_REDISURI}, …).
 *
 * @param redisUri      Redis holding first sightings; give it {@code appendonly yes} and
 *                      {@code maxmemory-policy noeviction}, or duplicates pass after a restart or eviction
 * @param keyPrefix     in front of every Redis key, so several installations can share a Redis
 * @param redisTimeout  longest a batch's claims may take before the batch is retried
 * @param fetchBatch    input batches taken per pull
 * @param ackWait       an input batch not acknowledged within this is redelivered (to any replica)
 * @param maxAckPending input batches in flight across all replicas, per source. 1 (the default)
 *                      keeps each source's batches in stream order across replicas, which is what
 *                      makes "first wins" mean first in Kafka's per-partition order; more lets replicas
 *                      share one source's load, but then a later duplicate may be claimed before its
 *                      earlier twin in another replica's batch
 */
@Validated
@ConfigurationProperties("sluice.dedup")
public record DedupProperties(
        @NotBlank @DefaultValue("redis://127.0.0.1:6379") String redisUri,
        @DefaultValue("sluice:") String keyPrefix,
        @NotNull @DefaultValue("5s") Duration redisTimeout,
        @Min(1) @DefaultValue("16") int fetchBatch,
        @NotNull @DefaultValue("30s") Duration ackWait,
        @Min(1) @DefaultValue("1") int maxAckPending) {
}

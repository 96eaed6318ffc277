package io.sluice.ingest.pipeline;

import java.time.Duration;
import java.util.Map;

import io.sluice.ingest.kafka.SourceSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The ingest service's settings, {@code sluice.ingest.*} (environment variables
 * {@code SLUICE_INGEST_BATCH_MAXRECORDS}, …). NATS and the worker runtime are configured under
 * {@code sluice.nats.*} and {@code sluice.worker.*}.
 */
@Validated
@ConfigurationProperties("sluice.ingest")
public record IngestProperties(@Valid @NotNull @DefaultValue Batch batch, @Valid @NotNull @DefaultValue Publish publish,
        @Valid @NotNull @DefaultValue Kafka kafka, @Valid @NotNull @DefaultValue Replay replay) {

    /**
     * How records of one partition are grouped into one NATS message.
     *
     * @param maxRecords most records per batch. Every batch costs each later stage a NATS
     *                   message and a round trip, so while a backlog is read, big batches go
     *                   further (measured end to end, 1,000,000 events of ~300 bytes: 2,500 and
     *                   900KB gave ~70,000 events/s where 1,000 and 512KB gave ~64,000); at a steady
     *                   rate, {@code linger} cuts batches much smaller anyway
     * @param maxBytes   most bytes per encoded batch. A NATS message (1 MB by default, headers
     *                   included) must hold it; a single record that does not fit goes to the
     *                   dead-letter stream
     * @param linger     how long a partition that caught up rests before it reads again, so that
     *                   what arrives meanwhile forms one batch: the added latency at low traffic.
     *                   100 ms rather than less: every batch costs the dedup stage a round trip, so
     *                   at a steady few ten thousand events/s tiny batches queue there (measured
     *                   when the broker held each fetch this long: p50 latency 6.4 s with 20 ms,
     *                   0.9 s with 100 ms)
     */
    public record Batch(@Min(1) @Max(100_000) @DefaultValue("2500") int maxRecords,
            @NotNull @DefaultValue("900KB") DataSize maxBytes, @NotNull @DefaultValue("100ms") Duration linger) {

        @AssertTrue(message = "batch.max-bytes must be between 1KB and 960KB: a batch and its headers must fit in a NATS message")
        public boolean isMaxBytesWithinNatsPayload() {
            return maxBytes == null || (maxBytes.toBytes() >= 1024 && maxBytes.toBytes() <= 960 * 1024);
        }
    }

    /**
     * @param maxInFlight     most publishes awaiting JetStream's acknowledgement, over all
     *                        pipelines of this replica (a partition has at most one batch in flight)
     * @param ackTimeout      how long a publish may wait for its acknowledgement before the
     *                        partition resumes from what the stream holds. The NATS client
     *                        cancels an asynchronous publish's acknowledgement after 5 s of its
     *                        own (checked every 5 s), so more than that acts as 5 to 10 s
     * @param retryBackoff    first wait before that resume; doubles while NATS stays unreachable
     * @param maxRetryBackoff longest such wait
     */
    public record Publish(@Min(1) @DefaultValue("64") int maxInFlight, @NotNull @DefaultValue("10s") Duration ackTimeout,
            @NotNull @DefaultValue("1s") Duration retryBackoff, @NotNull @DefaultValue("30s") Duration maxRetryBackoff) {
    }

    /**
     * @param maxPollRecords  most records one poll returns ({@code max.poll.records})
     * @param pollTimeout     how long a poll waits for records, at most the linger; commits and
     *                        retries of an idle source happen at this pace
     * @param maxPollInterval {@code max.poll.interval.ms}; must exceed the longest publish wait
     * @param idleFetchWait   how long the broker holds a fetch while a topic has nothing new
     *                        ({@code fetch.max.wait.ms}; a record that arrives ends the wait at
     *                        once): what an idle source costs, a fetch this often
     * @param consumer        further Kafka consumer properties, applied last (e.g. {@code fetch.max.bytes})
     * @param restAfter       how long a source must have had nothing to read before its consumer
     *                        rests: closes, leaving its group and freeing its two threads, while one
     *                        watcher per Kafka cluster asks every {@code restCheck} whether its
     *                        topic has records to read. The price is the next record's latency,
     *                        up to {@code restCheck} plus a group join. {@code 0} never rests
     * @param restCheck       how often the watcher asks Kafka for the resting sources' end offsets
     *                        (one request per broker, whatever their number; a source's group is
     *                        read when its end moved, else every 30 s)
     */
    public record Kafka(@Min(1) @DefaultValue("5000") int maxPollRecords, @NotNull @DefaultValue("500ms") Duration pollTimeout,
            @NotNull @DefaultValue("5m") Duration maxPollInterval, @NotNull @DefaultValue("15s") Duration idleFetchWait,
            @NotNull @DefaultValue Map<String, String> consumer, @NotNull @DefaultValue("5m") Duration restAfter,
            @NotNull @DefaultValue("2s") Duration restCheck) {

        @AssertTrue(message = "kafka.rest-after must be 0 (never rest) or at least 1s, and kafka.rest-check between 100ms and 1m")
        public boolean isRestWithinBounds() {
            return restAfter == null || restCheck == null
                    || ((restAfter.isZero() || restAfter.compareTo(Duration.ofSeconds(1)) >= 0)
                            && restCheck.compareTo(Duration.ofMillis(100)) >= 0 && restCheck.compareTo(Duration.ofMinutes(1)) <= 0);
        }

        @AssertTrue(message = "kafka.idle-fetch-wait must be between 10ms and 20s: Kafka gives up on a fetch after"
                + " request.timeout.ms (30s by default)")
        public boolean isIdleFetchWaitWithinRequestTimeout() {
            return idleFetchWait == null
                    || (idleFetchWait.toMillis() >= 10 && idleFetchWait.compareTo(Duration.ofSeconds(20)) <= 0);
        }
    }

    /**
     * Dead letters replayed into the ingest stage ({@code POST /api/v1/pipelines/{id}/dlq/replay}).
     *
     * @param ackWait        a replay not acknowledged within this is redelivered, to any replica
     * @param ledgerMaxBytes size limit of the KV bucket remembering replayed dead letters (about
     *                       200 bytes each); when full, only JetStream's duplicate window guards
     *                       against a dead letter replayed twice
     */
    public record Replay(@NotNull @DefaultValue("30s") Duration ackWait,
            @NotNull @DefaultValue("64MB") DataSize ledgerMaxBytes) {
    }

    public SourceSettings sourceSettings() {
        return new SourceSettings(batch.maxRecords(), (int) batch.maxBytes().toBytes(), batch.linger(),
                publish.ackTimeout(), publish.retryBackoff(), publish.maxRetryBackoff(), kafka.maxPollRecords(),
                kafka.pollTimeout(), kafka.maxPollInterval(), kafka.idleFetchWait(), kafka.consumer());
    }
}

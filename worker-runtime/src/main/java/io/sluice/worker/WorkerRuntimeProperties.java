package io.sluice.worker;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import io.sluice.nats.NatsProperties;
import io.sluice.nats.StreamLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every worker shares ({@code sluice.nats.*}, {@code sluice.worker.*}; environment
 * variables {@code SLUICE_NATS_URL}, {@code SLUICE_WORKER_REPLICA_ID}, …). The NATS settings are
 * nats-support's {@link NatsProperties}, the same record as the api-service's. A service's own
 * settings live in its own record.
 */
@Validated
@ConfigurationProperties("sluice")
public record WorkerRuntimeProperties(@Valid @NotNull @DefaultValue NatsProperties nats, @Valid @NotNull @DefaultValue Worker worker) {

    /**
     * @param replicaId          this replica's name in status reports; defaults to host and pid, so
     *                           two replicas on one machine never overwrite each other's status
     * @param heartbeatInterval  how often status is written; the status bucket's time-to-live
     *                           (set by the api-service) must be several times longer
     * @param streamMaxAge       how long a pipeline's dead-letter stream keeps a dead letter (and the
     *                           replay ledger remembers a replayed one). The data stream has no age
     *                           limit: unprocessed input must never age out unseen
     * @param streamMaxBytes     byte limit of each of a pipeline's streams; 0 (the default) for none.
     *                           Set, JetStream reserves it from its store per stream, which limits
     *                           how many pipelines one server admits ({@link StreamLimits})
     * @param duplicateWindow    how long JetStream remembers batch ids to drop a republished batch
     * @param streamMaxBatches   most batches a pipeline's data stream holds per subject (a partition
     *                           of one stage's output); a full one makes that stage wait (ingest:
     *                           Kafka keeps the rest)
     * @param streamMaxDeadLetters most dead letters a pipeline's dead-letter stream keeps (the oldest go)
     *                           <p>The stream settings are read by the api-service too (it
     *                           creates a dead-letter stream no worker has made yet): set them alike
     *                           on every service.
     */
    public record Worker(@DefaultValue("") String replicaId,
            @NotNull @DefaultValue("5s") Duration heartbeatInterval,
            @NotNull @DefaultValue(StreamLimits.DEFAULT_DEAD_LETTER_MAX_AGE) Duration streamMaxAge,
            @DefaultValue(StreamLimits.DEFAULT_MAX_BYTES) long streamMaxBytes,
            @NotNull @DefaultValue(StreamLimits.DEFAULT_DUPLICATE_WINDOW) Duration duplicateWindow,
            @Min(1) @DefaultValue(StreamLimits.DEFAULT_MAX_BATCHES) long streamMaxBatches,
            @Min(1) @DefaultValue(StreamLimits.DEFAULT_MAX_DEAD_LETTERS) long streamMaxDeadLetters) {

        public String replicaIdOrDefault() {
            return replicaId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : replicaId;
        }

        /** The limits of every pipeline stream the workers create or update. */
        public StreamLimits streamLimits() {
            return new StreamLimits(streamMaxAge, streamMaxBytes, duplicateWindow, streamMaxBatches, streamMaxDeadLetters);
        }
    }
}

package io.sluice.api.config;

import java.time.Duration;
import java.util.List;

import io.sluice.nats.NatsProperties;
import io.sluice.nats.StreamLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the api-service, bound from {@code sluice.*} (environment variables
 * {@code SLUICE_NATS_URL}, {@code SLUICE_SECURITY_ENCRYPTION_KEY}, …). The NATS settings are
 * nats-support's {@link NatsProperties}, the same record as the workers': the api-service connects
 * to the servers the workers use, and creates buckets and dead-letter streams with the same replica
 * count.
 */
@Validated
@ConfigurationProperties("sluice")
public record ApiProperties(@Valid @NotNull NatsProperties nats, @Valid @NotNull Security security,
        @Valid @DefaultValue Status status, @Valid @DefaultValue Connections connections,
        @Valid @DefaultValue DeadLetters deadLetters, @Valid @DefaultValue Removal removal,
        @Valid @DefaultValue Dedup dedup, @Valid @DefaultValue Worker worker) {

    /**
     * The limits of a dead-letter stream the api-service creates: the workers' stream settings,
     * unless the older {@code SLUICE_DEADLETTERS_*} settings are given.
     */
    public StreamLimits streamLimits() {
        Duration maxAge = (deadLetters.maxAge() != null) ? deadLetters.maxAge() : worker.streamMaxAge();
        long maxBytes = (deadLetters.maxBytes() != null) ? deadLetters.maxBytes().toBytes() : worker.streamMaxBytes();
        return new StreamLimits(maxAge, maxBytes, worker.duplicateWindow(), worker.streamMaxBatches(),
                worker.streamMaxDeadLetters());
    }

    /**
     * @param encryptionKey  base64 of a 256-bit AES key sealing secrets at rest; required outside the
     *                       {@code dev} profile
     * @param bootstrapToken admin bearer token from configuration, used to create the first API tokens
     * @param adminUsername  user the UI logs in as
     * @param adminPassword  that user's password
     */
    public record Security(String encryptionKey, String bootstrapToken,
            @DefaultValue("admin") String adminUsername, String adminPassword) {
    }

    /**
     * @param staleAfter     a worker replica whose last heartbeat is older counts as not reporting
     * @param sampleInterval how often each pipeline's counters are sampled into its metrics history
     * @param history        how long that history is kept (in memory: it starts empty when the
     *                       api-service starts)
     */
    public record Status(@NotNull @DefaultValue("30s") Duration staleAfter,
            @NotNull @DefaultValue("10s") Duration sampleInterval, @NotNull @DefaultValue("1h") Duration history) {
    }

    /**
     * @param timeout      the longest a connection helper of the UI wizard (test a Kafka or ClickHouse
     *                     connection, list topics, tables or columns, sample an event) takes before it
     *                     answers with an error
     * @param allowedHosts the hosts ({@code host} for any port, or {@code host:port}) a token that is
     *                     not admin may point the connection helpers at; admin tokens and UI
     *                     sessions may point them anywhere. Empty by default: the helpers make the
     *                     api-service open connections from inside the network, so only admins use
     *                     them unless a host is listed
     */
    public record Connections(@NotNull @DefaultValue("10s") Duration timeout,
            List<String> allowedHosts) {

        public Connections {
            allowedHosts = (allowedHosts == null) ? List.of() : List.copyOf(allowedHosts);
        }
    }

    /**
     * The older settings of a dead-letter stream the api-service creates ({@code SLUICE_DEADLETTERS_MAXAGE},
     * {@code _MAXBYTES}), kept so that configurations that set them still start. Unset by default: then
     * {@link Worker}'s settings apply, the ones the workers create the same stream with. Set, they
     * override those in the api-service only, and the workers change the stream back to theirs when
     * they next start the pipeline; so set {@code SLUICE_WORKER_STREAMMAXAGE} / {@code _STREAMMAXBYTES}
     * instead, alike on every service.
     *
     * @param maxAge   dead letters older than this are dropped
     * @param maxBytes the oldest dead letters are dropped once the stream holds this much
     */
    public record DeadLetters(Duration maxAge, DataSize maxBytes) {

        public boolean anySet() {
            return maxAge != null || maxBytes != null;
        }
    }

    /**
     * The workers' stream settings ({@code SLUICE_WORKER_STREAMMAXAGE}, {@code _STREAMMAXBYTES},
     * {@code _DUPLICATEWINDOW}), read here as well because the api-service creates a pipeline's
     * dead-letter stream when it is asked for it before any worker made it. With the same values on
     * every service (and the same defaults, {@link StreamLimits}), the stream is the same whoever
     * creates it: nats-support's {@code PipelineStreams} configures it for both.
     *
     * @param streamMaxAge    how long the dead-letter stream keeps a dead letter
     * @param streamMaxBytes  byte limit of each of a pipeline's streams, 0 for none (reserved per stream when set)
     * @param duplicateWindow how long JetStream remembers message ids to drop a republish
     * @param streamMaxBatches most batches a data stream holds per subject
     * @param streamMaxDeadLetters most dead letters a dead-letter stream keeps
     */
    public record Worker(@NotNull @DefaultValue(StreamLimits.DEFAULT_DEAD_LETTER_MAX_AGE) Duration streamMaxAge,
            @DefaultValue(StreamLimits.DEFAULT_MAX_BYTES) long streamMaxBytes,
            @NotNull @DefaultValue(StreamLimits.DEFAULT_DUPLICATE_WINDOW) Duration duplicateWindow,
            @Min(1) @DefaultValue(StreamLimits.DEFAULT_MAX_BATCHES) long streamMaxBatches,
            @Min(1) @DefaultValue(StreamLimits.DEFAULT_MAX_DEAD_LETTERS) long streamMaxDeadLetters) {
    }

    /**
     * Removal of a deleted pipeline's NATS data (streams, the stages' positions). It waits until
     * the workers were told and none reports the pipeline any longer; until it is done, the id
     * cannot be created again.
     *
     * @param quietPeriod   how long no worker may report the pipeline before its data goes. Longer
     *                      than the workers' heartbeat interval ({@code SLUICE_WORKER_HEARTBEATINTERVAL},
     *                      5 s by default): a worker that received the pipeline just before the
     *                      deletion may not have reported it yet
     * @param checkInterval how often pending removals are checked
     */
    public record Removal(@NotNull @DefaultValue("15s") Duration quietPeriod,
            @NotNull @DefaultValue("1s") Duration checkInterval) {

        public Removal {
            if (quietPeriod != null && quietPeriod.isNegative()) {
                throw new IllegalArgumentException("sluice.removal.quiet-period must not be negative, was "
                        + quietPeriod);
            }
            if (checkInterval != null && (checkInterval.isNegative() || checkInterval.isZero())) {
                throw new IllegalArgumentException("sluice.removal.check-interval must be positive, was "
                        + checkInterval);
            }
        }
    }

    /**
     * The dedup-service's Redis, read from the same settings as the dedup-service
     * ({@code SLUICE_DEDUP_REDISURI}, {@code SLUICE_DEDUP_KEYPREFIX}, {@code SLUICE_DEDUP_REDISCLUSTER}):
     * the removal of a deleted pipeline with dedup deletes its keys there, so a pipeline created
     * again under the id does not take its events for duplicates of the old one's. Contacted only
     * for such a removal.
     *
     * @param redisUri     the Redis the dedup-service keeps first sightings in
     * @param keyPrefix    the dedup-service's prefix in front of every Redis key
     * @param redisTimeout longest a Redis command of a removal may take
     * @param redisCluster whether {@code redisUri} is a Redis Cluster ({@code SLUICE_DEDUP_REDISCLUSTER},
     *                     as the dedup-service's): seed node URIs separated by commas, and every
     *                     master is searched for the pipeline's keys
     */
    public record Dedup(@NotBlank @DefaultValue("redis://127.0.0.1:6379") String redisUri,
            @DefaultValue("sluice:") String keyPrefix, @NotNull @DefaultValue("5s") Duration redisTimeout,
            @DefaultValue("false") boolean redisCluster) {
    }
}

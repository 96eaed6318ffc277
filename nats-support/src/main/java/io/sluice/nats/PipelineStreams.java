package io.sluice.worker.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.JetStreamErrors;

/**
 * Creates or updates a pipeline's JetStream streams; never deletes and recreates one, which
 * would lose what it holds. Every stream has a size limit: an unlimited stream fills the disk of a
 * NATS server when a downstream stage is stopped for long. Only the dead-letter stream has an age
 * limit: the data stream's messages leave it when the stage after them has processed them (each
 * stage purges its input) and never by age, since input that aged out before a stopped stage read
 * it would be lost without a trace. A full data stream pushes back on ingest instead, and Kafka,
 * whose retention ingest watches, keeps the rest. Every stream has the configured number of
 * replicas ({@code sluice.nats.replicas}); changing it updates existing streams.
 */
public final class StreamProvisioner {

    /** JetStream's "no maximum age". */
    private static final Duration NO_AGE_LIMIT = Duration.ZERO;

    private final Connection connection;
    private final NatsNames names;
    private final StreamLimits limits;
    private final NatsReplicas replicas;

    public StreamProvisioner(Connection connection, NatsNames names, StreamLimits limits, NatsReplicas replicas) {
        this.connection = connection;
        this.names = names;
        this.limits = limits;
        this.replicas = replicas;
    }

    /** Streams of one replica, as a single NATS server holds them. */
    public StreamProvisioner(Connection connection, NatsNames names, StreamLimits limits) {
        this(connection, names, limits, NatsReplicas.ONE);
    }

    /** The pipeline's data stream (every stage's output) and its dead-letter stream. */
    public void ensureStreams(String pipelineId) throws IOException, JetStreamApiException {
        // A full data stream refuses new batches: ingest waits (Kafka keeps the data) instead of
        // JetStream silently dropping unprocessed ones.
        createOrUpdate(configuration(names.dataStream(pipelineId), names.dataStreamSubjects(pipelineId), DiscardPolicy.New,
                NO_AGE_LIMIT));
        // A full dead-letter stream drops its oldest entries: bad input must never stall good input.
        createOrUpdate(configuration(names.deadLetterStream(pipelineId), List.of(names.deadLetterSubject(pipelineId)),
                DiscardPolicy.Old, limits.deadLetterMaxAge()));
    }

    private StreamConfiguration configuration(String name, List<String> subjects, DiscardPolicy discard, Duration maxAge) {
        return StreamConfiguration.builder()
                .name(name)
                .subjects(subjects)
                .storageType(StorageType.File)
                .maxAge(maxAge)
                .maxBytes(limits.maxBytes())
                .discardPolicy(discard)
                .duplicateWindow(limits.duplicateWindow())
                // Direct gets serve "last batch of a partition" and dead-letter browsing without a consumer.
                .allowDirect(true)
                .replicas(replicas.count())
                .build();
    }

    private void createOrUpdate(StreamConfiguration configuration) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        String name = configuration.getName();
        StreamInfo existing;
        try {
            existing = jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JetStreamErrors.STREAM_NOT_FOUND) {
                throw e;
            }
            try {
                jsm.addStream(configuration);
                return;
            } catch (JetStreamApiException refused) {
                if (replicas.refusedBy(refused.getApiErrorCode())) {
                    throw replicas.refused("stream", name, refused);
                }
                // Another replica created it in between: update it to our settings. If it still
                // does not exist, the server refused it for a reason of its own: report that one.
                try {
                    if (replicas.count() > 1) {
                        requireReplicasHeld(jsm.getStreamInfo(name));
                    }
                    jsm.updateStream(configuration);
                    return;
                } catch (JetStreamApiException stillMissing) {
                    if (stillMissing.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
                        throw refused;
                    }
                    throw stillMissing;
                }
            }
        }
        requireReplicasHeld(existing);
        jsm.updateStream(configuration);
    }

    // A single server accepts raising an existing stream's replicas and then keeps one copy while
    // reporting more: refuse before updating, so a stream never claims copies that do not exist.
    private void requireReplicasHeld(StreamInfo existing) {
        replicas.requireHeldBy(existing.getClusterInfo() != null, "stream", existing.getConfiguration().getName());
    }

    /**
     * Retention limits of a pipeline's streams.
     * @param deadLetterMaxAge dead letters older than this are dropped (the data stream has no age limit)
     * @param maxBytes         size limit of each stream
     * @param duplicateWindow  how long JetStream remembers message ids to drop a republish
     */
    public record StreamLimits(Duration deadLetterMaxAge, long maxBytes, Duration duplicateWindow) {
    }
}

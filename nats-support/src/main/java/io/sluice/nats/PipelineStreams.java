package io.sluice.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;

/**
 * The one owner of a pipeline's JetStream streams' configuration (limits, storage, replicas): the
 * workers create their streams with it and the api-service creates the dead-letter stream with it
 * (a dead-letter page visited before any worker ran the pipeline), so a stream is the same
 * whichever service made it. Creates or updates; never deletes and recreates one, which would lose
 * what it holds.
 *
 * <p>Every stream has a limit ({@link StreamLimits}: a count of messages, which reserves nothing
 * of the server's store, unlike a byte limit): an unlimited stream fills the disk of a NATS server
 * when a downstream stage is stopped for long. Only the dead-letter stream has an age limit: the data
 * stream's messages leave it when the stage after them has processed them (each stage purges its
 * input) and never by age, since input that aged out before a stopped stage read it would be lost
 * without a trace. A full data stream pushes back on ingest instead, and Kafka, whose retention
 * ingest watches, keeps the rest. Every stream has the configured number of replicas
 * ({@code sluice.nats.replicas}); changing it updates existing streams.
 */
public final class PipelineStreams {

    /** JetStream's "no maximum age". */
    private static final Duration NO_AGE_LIMIT = Duration.ZERO;

    /** JetStream's "no limit" on a count of messages. */
    private static final long NO_COUNT_LIMIT = -1;

    private final Connection connection;
    private final NatsNames names;
    private final StreamLimits limits;
    private final NatsReplicas replicas;

    public PipelineStreams(Connection connection, NatsNames names, StreamLimits limits, NatsReplicas replicas) {
        this.connection = connection;
        this.names = names;
        this.limits = limits;
        this.replicas = replicas;
    }

    /** Streams of one replica, as a single NATS server holds them. */
    public PipelineStreams(Connection connection, NatsNames names, StreamLimits limits) {
        this(connection, names, limits, NatsReplicas.ONE);
    }

    /** The pipeline's data stream (every stage's output) and its dead-letter stream. */
    public void ensureStreams(String pipelineId) throws IOException, JetStreamApiException {
        createOrUpdate(dataStream(pipelineId));
        createOrUpdate(deadLetterStream(pipelineId));
    }

    /** The pipeline's dead-letter stream alone, as {@link #ensureStreams} makes it. */
    public void ensureDeadLetterStream(String pipelineId) throws IOException, JetStreamApiException {
        createOrUpdate(deadLetterStream(pipelineId));
    }

    /** The configuration of the pipeline's data stream. */
    public StreamConfiguration dataStream(String pipelineId) {
        // A full data stream refuses new batches: ingest waits (Kafka keeps the data) instead of
        // JetStream silently dropping unprocessed ones.
        // Per subject, not per stream: every stage's output shares the stream, and a stream-wide
        // count filled by ingest while dedup was down would refuse dedup's output, whose input can
        // only leave once that output is in: a deadlock. Each partition's subject of each stage
        // has its own count, so only the subject that is full waits.
        return configuration(names.dataStream(pipelineId), names.dataStreamSubjects(pipelineId), DiscardPolicy.New,
                NO_AGE_LIMIT, NO_COUNT_LIMIT, limits.maxBatches());
    }

    /** The configuration of the pipeline's dead-letter stream. */
    public StreamConfiguration deadLetterStream(String pipelineId) {
        // A full dead-letter stream drops its oldest entries: bad input must never stall good input.
        return configuration(names.deadLetterStream(pipelineId), List.of(names.deadLetterSubject(pipelineId)),
                DiscardPolicy.Old, limits.deadLetterMaxAge(), limits.maxDeadLetters(), NO_COUNT_LIMIT);
    }

    /**
     * @param maxMessages           most messages of the stream, or {@link #NO_COUNT_LIMIT}
     * @param maxMessagesPerSubject most messages of each subject, or {@link #NO_COUNT_LIMIT}; with
     *                              {@link DiscardPolicy#New} a full subject refuses, the others not
     */
    private StreamConfiguration configuration(String name, List<String> subjects, DiscardPolicy discard, Duration maxAge,
            long maxMessages, long maxMessagesPerSubject) {
        return StreamConfiguration.builder()
                .name(name)
                .subjects(subjects)
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .maxAge(maxAge)
                .maxMessages(maxMessages)
                .maxMessagesPerSubject(maxMessagesPerSubject)
                .discardNewPerSubject(discard == DiscardPolicy.New && maxMessagesPerSubject != NO_COUNT_LIMIT)
                // -1: no byte limit, so no reservation (the count bounds the stream instead).
                .maxBytes(limits.maxBytes() == StreamLimits.NO_BYTE_LIMIT ? -1 : limits.maxBytes())
                .discardPolicy(discard)
                .duplicateWindow(limits.duplicateWindow())
                // Direct gets serve "last batch of a partition" and dead-letter browsing without a
                // consumer. Any replica may answer one, a follower still catching up included (seen
                // after a killed server came back: a range read stale); so with several copies
                // reads go through the stream's leader.
                .allowDirect(replicas.count() == 1)
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
            if (!JetStreamErrors.streamNotFound(e)) {
                throw e;
            }
            try {
                jsm.addStream(configuration);
                return;
            } catch (JetStreamApiException refused) {
                if (JetStreamErrors.replicasNotSupported(refused)) {
                    throw replicas.refused("stream", name, refused);
                }
                // Another replica (or service) created it in between: update it to our settings.
                // If it still does not exist, the server refused it for a reason of its own: report that one.
                try {
                    if (replicas.count() > 1) {
                        requireReplicasHeld(jsm.getStreamInfo(name));
                    }
                    jsm.updateStream(configuration);
                    return;
                } catch (JetStreamApiException stillMissing) {
                    if (JetStreamErrors.streamNotFound(stillMissing)) {
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
}

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
import io.sluice.model.nats.NatsNames;

/**
 * Creates or updates a pipeline's JetStream streams; never deletes and recreates one, which
 * would lose what it holds. Every stream has a maximum age and size: an unlimited stream fills
 * the disk of a NATS server when a downstream stage is stopped for long.
 */
public final class StreamProvisioner {

    private static final int STREAM_NOT_FOUND = 10059;

    private final Connection connection;
    private final NatsNames names;
    private final StreamLimits limits;

    public StreamProvisioner(Connection connection, NatsNames names, StreamLimits limits) {
        this.connection = connection;
        this.names = names;
        this.limits = limits;
    }

    /** The pipeline's data stream (every stage's output) and its dead-letter stream. */
    public void ensureStreams(String pipelineId) throws IOException, JetStreamApiException {
        // A full data stream refuses new batches: ingest waits (Kafka keeps the data) instead of
        // JetStream silently dropping unprocessed ones.
        createOrUpdate(configuration(names.dataStream(pipelineId), names.dataStreamSubjects(pipelineId), DiscardPolicy.New));
        // A full dead-letter stream drops its oldest entries: bad input must never stall good input.
        createOrUpdate(configuration(names.deadLetterStream(pipelineId), List.of(names.deadLetterSubject(pipelineId)),
                DiscardPolicy.Old));
    }

    private StreamConfiguration configuration(String name, List<String> subjects, DiscardPolicy discard) {
        return StreamConfiguration.builder()
                .name(name)
                .subjects(subjects)
                .storageType(StorageType.File)
                .maxAge(limits.maxAge())
                .maxBytes(limits.maxBytes())
                .discardPolicy(discard)
                .duplicateWindow(limits.duplicateWindow())
                // Direct gets serve "last batch of a partition" and dead-letter browsing without a consumer.
                .allowDirect(true)
                .build();
    }

    private void createOrUpdate(StreamConfiguration configuration) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        try {
            jsm.getStreamInfo(configuration.getName());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            try {
                jsm.addStream(configuration);
                return;
            } catch (JetStreamApiException refused) {
                // Another replica created it in between: update it to our settings. If it still
                // does not exist, the server refused it for a reason of its own: report that one.
                try {
                    jsm.updateStream(configuration);
                    return;
                } catch (JetStreamApiException stillMissing) {
                    if (stillMissing.getApiErrorCode() == STREAM_NOT_FOUND) {
                        throw refused;
                    }
                    throw stillMissing;
                }
            }
        }
        jsm.updateStream(configuration);
    }

    /** Retention limits of a pipeline's streams. */
    public record StreamLimits(Duration maxAge, long maxBytes, Duration duplicateWindow) {
    }
}

package io.sluice.worker.nats;

import java.io.IOException;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;

/**
 * The old name of nats-support's {@link PipelineStreams}, which now owns every pipeline stream's
 * configuration for the workers and the api-service alike. Kept only for the tests of
 * ingest-service's {@code io.sluice.ingest.kafka}, which are being reworked separately; remove it
 * once they construct {@link PipelineStreams}. Main code must not use it.
 *
 * @deprecated use {@link PipelineStreams} and {@link io.sluice.nats.StreamLimits}
 */
@Deprecated(forRemoval = true)
public final class StreamProvisioner {

    private final PipelineStreams streams;

    public StreamProvisioner(Connection connection, NatsNames names, StreamLimits limits) {
        this.streams = new PipelineStreams(connection, names,
                new io.sluice.nats.StreamLimits(limits.deadLetterMaxAge(), limits.maxBytes(), limits.duplicateWindow()));
    }

    public void ensureStreams(String pipelineId) throws IOException, JetStreamApiException {
        streams.ensureStreams(pipelineId);
    }

    /** @deprecated use {@link io.sluice.nats.StreamLimits} */
    @Deprecated(forRemoval = true)
    public record StreamLimits(Duration deadLetterMaxAge, long maxBytes, Duration duplicateWindow) {
    }
}

package io.sluice.ingest.kafka;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.sluice.ingest.IngestFixtures;
import io.sluice.ingest.IngestFixtures.Stored;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.JetStreamBatchPublisher;
import io.sluice.ingest.publish.JetStreamResumePositions;
import io.sluice.ingest.publish.KvStartPositions;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StreamLimits;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.TestNamespace;

/**
 * What a test class of one source's ingest holds on the real Kafka and JetStream: a NATS
 * connection, the test's names and streams, the real publisher, the brokers. {@link #close}
 * removes the test's streams.
 */
record SourceServers(TestNamespace namespace, String brokers, Connection nats, NatsNames names,
        PipelineStreams provisioner, JetStreamBatchPublisher publisher) implements AutoCloseable {

    static SourceServers connect(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        Connection nats = Nats.connect(endpoints.natsUrl());
        NatsNames names = NatsNames.withPrefix(namespace.natsPrefix());
        return new SourceServers(namespace, endpoints.kafkaBootstrapServers(), nats, names,
                new PipelineStreams(nats, names, new StreamLimits(Duration.ofHours(1), 256L * 1024 * 1024, Duration.ofMinutes(10))),
                new JetStreamBatchPublisher(nats, names, 64, Duration.ofSeconds(5)));
    }

    /** The source {@code orders} of {@code topic} on these brokers. */
    SourceDefinition source(String topic) {
        return IngestFixtures.source("orders", topic, brokers);
    }

    /** A source's ingest that finds its positions in the real stream and start bucket. */
    SourceIngest ingest(String pipeline, SourceDefinition source, SourceSettings settings, BatchPublisher publisher,
            SourceRests rests) {
        return new SourceIngest(pipeline, source, names, settings, publisher, new JetStreamResumePositions(nats),
                new KvStartPositions(nats, names), new SimpleMeterRegistry(), rests);
    }

    /** Records the pipeline's ingest batches in its data stream hold. */
    long stored(String pipeline) throws Exception {
        return IngestFixtures.storedRecords(nats, names, pipeline);
    }

    /** Every message of the pipeline's data stream, in stream order. */
    List<Stored> read(String pipeline) throws Exception {
        return IngestFixtures.read(nats, names.dataStream(pipeline), null);
    }

    @Override
    public void close() throws Exception {
        IngestFixtures.deleteStreams(nats, namespace.natsPrefix());
        nats.close();
    }
}

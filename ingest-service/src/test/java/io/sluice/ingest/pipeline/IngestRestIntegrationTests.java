package io.sluice.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.sluice.ingest.ControlBuckets;
import io.sluice.ingest.IngestFixtures;
import io.sluice.model.control.DesiredState;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Resting sources in the ingest service as configured ({@code sluice.ingest.kafka.rest-after}):
 * a pipeline's quiet source rests, counted by the service's gauge, the next records wake it, and
 * the service's shutdown ends the watcher's thread.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS })
class IngestRestIntegrationTests {

    @Test
    void aQuietPipelineRestsInTheServiceWakesForRecordsAndTheWatcherEndsWithTheService(LocalEndpoints endpoints,
            TestNamespace namespace) throws Exception {
        String brokers = endpoints.kafkaBootstrapServers();
        String topic = namespace.kafkaTopic("resting");
        IngestFixtures.createTopic(brokers, topic, 2, Map.of());
        IngestFixtures.produce(brokers, topic, 2, 0, 100);
        NatsNames names = NatsNames.withPrefix(namespace.natsPrefix());
        try (Connection nats = Nats.connect(endpoints.natsUrl())) {
            ControlBuckets buckets = ControlBuckets.create(nats, names);
            ConfigurableApplicationContext service = IngestFixtures.startService(endpoints.natsUrl(),
                    namespace.natsPrefix(), "ingest-rest", "--sluice.ingest.kafka.rest-after=2s",
                    "--sluice.ingest.kafka.rest-check=500ms");
            try {
                PipelineDefinition pipeline = IngestFixtures.pipeline("resting", IngestFixtures.source("web", topic, brokers));
                buckets.put(pipeline, DesiredState.RUNNING, 1);
                await().atMost(IngestFixtures.patience()).until(() -> IngestFixtures.storedRecords(nats, names, "resting") == 100);
                MeterRegistry meters = service.getBean(MeterRegistry.class);
                await().atMost(IngestFixtures.patience())
                        .until(() -> meters.get("sluice.ingest.sources.resting").gauge().value() == 1);

                IngestFixtures.produce(brokers, topic, 2, 100, 100);

                await().atMost(IngestFixtures.patience()).until(() -> IngestFixtures.storedRecords(nats, names, "resting") == 200);
                buckets.put(pipeline, DesiredState.STOPPED, 2);
            } finally {
                service.close();
                buckets.remove();
                IngestFixtures.deleteStreams(nats, namespace.natsPrefix());
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("ingest-rests")));
    }
}

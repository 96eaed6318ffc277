package io.sluice.ingest.pipeline;

import static io.sluice.ingest.IngestFixtures.offsetsByPartition;
import static io.sluice.ingest.IngestFixtures.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** A replica stopped in the middle of a topic and a new one started: the stream ends with every record once. */
@RealServers({ RealServer.KAFKA, RealServer.NATS })
class IngestRestartIntegrationTests {

    private static final int RECORDS = 150_000;

    private Connection nats;

    private ControlBuckets buckets;

    private String prefix;

    @AfterEach
    void cleanUp() throws Exception {
        buckets.remove();
        IngestFixtures.deleteStreams(nats, prefix);
        nats.close();
    }

    @Test
    void neitherRepeatsNorSkipsARecordWhenTheServiceIsRestartedMidStream(LocalEndpoints endpoints,
            TestNamespace namespace) throws Exception {
        String brokers = endpoints.kafkaBootstrapServers();
        prefix = namespace.natsPrefix();
        nats = Nats.connect(endpoints.natsUrl());
        NatsNames names = NatsNames.withPrefix(prefix);
        buckets = ControlBuckets.create(nats, names);
        String topic = namespace.kafkaTopic("clicks");
        IngestFixtures.createTopic(brokers, topic, 3, Map.of());
        IngestFixtures.produce(brokers, topic, 3, 0, RECORDS);
        PipelineDefinition clicks = IngestFixtures.pipeline("clicks", IngestFixtures.source("web", topic, brokers));
        buckets.put(clicks, DesiredState.RUNNING, 1);

        // Small polls and batches keep the first replica busy long enough to stop it mid-topic.
        ConfigurableApplicationContext first = IngestFixtures.startService(endpoints.natsUrl(), prefix, "first",
                "--sluice.ingest.batch.max-records=100", "--sluice.ingest.kafka.max-poll-records=100");
        await().atMost(IngestFixtures.patience()).pollInterval(Duration.ofMillis(20))
                .until(() -> IngestFixtures.storedRecords(nats, names, "clicks") > 0);
        first.close();
        long storedByFirst = IngestFixtures.storedRecords(nats, names, "clicks");

        ConfigurableApplicationContext second = IngestFixtures.startService(endpoints.natsUrl(), prefix, "second");
        try {
            await().atMost(IngestFixtures.patience())
                    .until(() -> IngestFixtures.storedRecords(nats, names, "clicks") >= RECORDS);
        } finally {
            second.close();
        }

        assertThat(storedByFirst).as("records stored when the first replica stopped").isBetween(1L, RECORDS - 1L);
        assertThat(offsetsByPartition(IngestFixtures.read(nats, names.dataStream("clicks"), null)))
                .containsOnlyKeys(0, 1, 2)
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(RECORDS / 3)));
    }
}

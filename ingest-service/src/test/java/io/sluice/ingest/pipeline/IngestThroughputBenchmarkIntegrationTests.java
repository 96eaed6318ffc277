package io.sluice.ingest.pipeline;

import static io.sluice.ingest.IngestFixtures.offsetsByPartition;
import static io.sluice.ingest.IngestFixtures.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Not a test: measures how fast the ingest service moves ~300-byte events from Kafka into
 * JetStream, next to how fast a bare Kafka consumer reads the same topic. Runs only when asked:
 *
 * <pre>
 * mvn -pl ingest-service -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=None \
 *     -Dit.test=IngestThroughputBenchmarkIntegrationTests -Dsluice.benchmark=true \
 *     [-Dsluice.benchmark.events=1000000] [-Dsluice.benchmark.partitions=3]
 * </pre>
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS })
@EnabledIfSystemProperty(named = "sluice.benchmark", matches = "true")
class IngestThroughputBenchmarkIntegrationTests {

    @Test
    void measuresIngestThroughput(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        int events = Integer.getInteger("sluice.benchmark.events", 1_000_000);
        int partitions = Integer.getInteger("sluice.benchmark.partitions", 3);
        String brokers = endpoints.kafkaBootstrapServers();
        String topic = namespace.kafkaTopic("bench");
        IngestFixtures.createTopic(brokers, topic, partitions, Map.of());
        long produceStart = System.nanoTime();
        IngestFixtures.produce(brokers, topic, partitions, 0, events);
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
        double bareSeconds = bareConsume(brokers, topic, events);

        Connection nats = Nats.connect(endpoints.natsUrl());
        NatsNames names = NatsNames.withPrefix(namespace.natsPrefix());
        ControlBuckets buckets = ControlBuckets.create(nats, names);
        ConfigurableApplicationContext service = IngestFixtures.startService(endpoints.natsUrl(), namespace.natsPrefix(),
                "bench");
        try {
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            PipelineDefinition bench = IngestFixtures.pipeline("bench", IngestFixtures.source("web", topic, brokers));
            long controlPut = System.nanoTime();
            buckets.put(bench, DesiredState.RUNNING, 1);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(() -> out(meters) > 0);
            long firstOut = System.nanoTime();
            double outAtFirst = out(meters);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() -> out(meters) >= events);
            long allOut = System.nanoTime();

            double steadySeconds = (allOut - firstOut) / 1e9;
            double totalSeconds = (allOut - controlPut) / 1e9;
            List<IngestFixtures.Stored> batches = IngestFixtures.read(nats, names.dataStream("bench"), null);
            assertThat(offsetsByPartition(batches).values().stream().mapToInt(List::size).sum()).isEqualTo(events);
            System.out.printf("%nINGEST BENCHMARK: %,d events of %d bytes, %d partitions, %,d batches%n", events,
                    IngestFixtures.event(0).length, partitions, batches.size());
            System.out.printf("  produced to Kafka           %8.2f s  %,10.0f events/s%n", produceSeconds, events / produceSeconds);
            System.out.printf("  bare Kafka consumer read    %8.2f s  %,10.0f events/s%n", bareSeconds, events / bareSeconds);
            System.out.printf("  ingest, first to last ack   %8.2f s  %,10.0f events/s%n", steadySeconds,
                    (events - outAtFirst) / steadySeconds);
            System.out.printf("  ingest, incl. group join    %8.2f s  %,10.0f events/s%n%n", totalSeconds, events / totalSeconds);
            for (int partition = 0; partition < partitions; partition++) {
                assertThat(offsetsByPartition(batches).get(partition)).isEqualTo(range(events / partitions
                        + (partition < events % partitions ? 1 : 0)));
            }
        } finally {
            service.close();
            buckets.remove();
            IngestFixtures.deleteStreams(nats, namespace.natsPrefix());
            nats.close();
        }
    }

    private static double out(MeterRegistry meters) {
        var counter = meters.find("sluice.ingest.events.out").tag("pipeline", "bench").counter();
        return counter == null ? 0 : counter.count();
    }

    private static double bareConsume(String brokers, String topic, int events) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-bare");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long read = 0;
            long start = 0;
            while (read < events) {
                int polled = consumer.poll(Duration.ofMillis(500)).count();
                if (polled > 0 && start == 0) {
                    start = System.nanoTime();
                }
                read += polled;
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }
}

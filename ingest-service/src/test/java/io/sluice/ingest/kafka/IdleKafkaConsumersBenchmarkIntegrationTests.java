package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import io.sluice.ingest.IngestFixtures;
import io.sluice.ingest.pipeline.IngestProperties;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.ProcessCpu;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Not a test: what idle Kafka consumers cost, the way ingest runs them (one per source, with
 * {@link SourceIngest#consumerProperties}, polled with the idle fetch wait as {@link ConsumerLoop}
 * polls), against one consumer with the same settings subscribed to all their topics. It asks
 * whether one consumer per Kafka connection is worth its design: Kafka's client gives each
 * consumer a network loop and a heartbeat thread, whose wake-ups are what an idle pipeline costs
 * ingest and the broker. Writes {@code target/idle-consumers.txt}. Runs only when asked:
 *
 * <pre>
 * ./mvnw -pl ingest-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=IdleKafkaConsumersBenchmarkIntegrationTests -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dsluice.benchmark=true [-Dsluice.benchmark.consumers=200]
 * </pre>
 */
@RealServers(RealServer.KAFKA)
@EnabledIfSystemProperty(named = "sluice.benchmark", matches = "true")
class IdleKafkaConsumersBenchmarkIntegrationTests {

    /** Long enough for every consumer to fetch and heartbeat several times (15 s and 10 s). */
    private static final Duration WINDOW = Duration.ofSeconds(45);
    /** After a start: joins, first fetches and the JIT's first compilations are over. */
    private static final Duration SETTLE = Duration.ofSeconds(25);

    @Test
    void measuresIdleConsumersOneEachAgainstOneForAll(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        int count = Integer.getInteger("sluice.benchmark.consumers", 200);
        String brokers = endpoints.kafkaBootstrapServers();
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            topics.add(namespace.kafkaTopic("idle-" + i));
        }
        for (String topic : topics) {
            IngestFixtures.createTopic(brokers, topic, 1, Map.of());
        }
        // The service's defaults, as bound from no configuration at all.
        SourceSettings settings = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("sluice.ingest", IngestProperties.class).sourceSettings();

        Cost each = measure(count, i -> properties(namespace, "each-" + i, brokers, topics.get(i), settings),
                i -> List.of(topics.get(i)), settings);
        Cost shared = measure(1, i -> properties(namespace, "shared", brokers, topics.get(0), settings), i -> topics,
                settings);

        String report = String.format("""
                %d idle Kafka topics of one partition, over %d s, the consumer settings of ingest (idle fetch wait %s)
                | consumers | threads | their CPU, %% of a core | the broker's CPU, %% of a core |
                | --- | --- | --- | --- |
                | one per topic (as ingest runs them) | %d | %.2f | %.2f |
                | one for all topics | %d | %.2f | %.2f |
                """, count, WINDOW.toSeconds(), settings.idleFetchWait(), each.threads(), each.consumersPercent(),
                each.brokerPercent(), shared.threads(), shared.consumersPercent(), shared.brokerPercent());
        System.out.println(report);
        Files.writeString(Path.of("target", "idle-consumers.txt"), report);
        assertThat(each.threads()).as("threads of the consumers").isGreaterThanOrEqualTo(count);
    }

    private static Map<String, Object> properties(TestNamespace namespace, String pipeline, String brokers, String topic,
            SourceSettings settings) {
        SourceDefinition source = IngestFixtures.source("orders", topic, brokers);
        Map<String, Object> properties = new HashMap<>(SourceIngest.consumerProperties(namespace.id() + "-" + pipeline,
                source, settings));
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "idle-bench-" + pipeline);
        return properties;
    }

    private record Cost(int threads, double consumersPercent, double brokerPercent) {
    }

    /** Starts {@code count} consumers, lets them settle, and measures their threads' CPU and the broker's. */
    private static Cost measure(int count, IntFunction<Map<String, Object>> properties, IntFunction<List<String>> topics,
            SourceSettings settings) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Set<Long> before = Set.copyOf(Arrays.stream(threads.getAllThreadIds()).boxed().toList());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> config = properties.apply(i);
            List<String> subscribed = topics.apply(i);
            Thread loop = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer.subscribe(subscribed);
                    while (!stop.get()) {
                        consumer.poll(settings.idleFetchWait());
                    }
                }
            }, "idle-bench-" + i);
            loop.setDaemon(true);
            loop.start();
            loops.add(loop);
        }
        try {
            Thread.sleep(SETTLE.toMillis());
            List<Long> theirs = new ArrayList<>();
            for (long id : threads.getAllThreadIds()) {
                if (!before.contains(id)) {
                    theirs.add(id);
                }
            }
            long cpuBefore = cpu(threads, theirs);
            double brokerBefore = ProcessCpu.secondsOf("kafka");
            long started = System.nanoTime();
            Thread.sleep(WINDOW.toMillis());
            double seconds = (System.nanoTime() - started) / 1e9;
            double consumers = 100 * (cpu(threads, theirs) - cpuBefore) / 1e9 / seconds;
            double broker = 100 * (ProcessCpu.secondsOf("kafka") - brokerBefore) / seconds;
            return new Cost(theirs.size(), consumers, broker);
        } finally {
            stop.set(true);
            for (Thread loop : loops) {
                loop.interrupt();
                loop.join(Duration.ofSeconds(30).toMillis());
            }
        }
    }

    private static long cpu(ThreadMXBean threads, List<Long> ids) {
        long sum = 0;
        for (long id : ids) {
            long time = threads.getThreadCpuTime(id);
            sum += Math.max(0, time);
        }
        return sum;
    }
}

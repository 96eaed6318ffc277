package io.sluice.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import io.sluice.demo.SampleOrders.Kind;
import io.sluice.demo.SampleOrders.Sample;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo profile's container: sets up the example pipeline ({@link DemoSetup}), then produces
 * sample orders ({@link SampleOrders}) at a steady rate until it is stopped, saying every ten
 * seconds how many of each kind it sent, so the numbers can be compared with ClickHouse and the
 * pipeline's status.
 */
public final class DemoMain {

    private static final Logger log = LoggerFactory.getLogger(DemoMain.class);

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        DemoSettings settings = DemoSettings.from(System.getenv());
        new DemoSetup(settings).run();
        produce(settings);
    }

    private static void produce(DemoSettings settings) throws InterruptedException {
        SampleOrders orders = new SampleOrders(new Random(), settings.duplicateShare(), settings.malformedEvery());
        // One request in flight: the topic was created moments ago, and there several in flight can
        // lose a batch silently (KAFKA-15591), which would read as Sluice losing rows.
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.brokers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        Map<Kind, Long> sent = new EnumMap<>(Kind.class);
        // Ten ticks a second, each sending its share of the rate: steady, not one burst a second.
        long tickNanos = Duration.ofMillis(100).toNanos();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            log.info("producing {} events/s to topic {} on {}: {}% duplicates, one in {} malformed",
                    settings.eventsPerSecond(), DemoSettings.PIPELINE, settings.brokers(),
                    Math.round(settings.duplicateShare() * 100), settings.malformedEvery());
            long next = System.nanoTime();
            long lastReport = next;
            long tick = 0;
            while (!Thread.currentThread().isInterrupted()) {
                tick++;
                long due = tick * settings.eventsPerSecond() / 10 - (tick - 1) * settings.eventsPerSecond() / 10;
                for (long i = 0; i < due; i++) {
                    Sample sample = orders.next(Instant.now());
                    producer.send(new ProducerRecord<>(DemoSettings.PIPELINE, sample.key(), sample.value()));
                    sent.merge(sample.kind(), 1L, Long::sum);
                }
                if (System.nanoTime() - lastReport >= Duration.ofSeconds(10).toNanos()) {
                    lastReport = System.nanoTime();
                    log.info("sent {} orders, {} duplicates of them, {} malformed",
                            sent.getOrDefault(Kind.ORDER, 0L), sent.getOrDefault(Kind.DUPLICATE, 0L),
                            sent.getOrDefault(Kind.MALFORMED, 0L));
                }
                next += tickNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }
}

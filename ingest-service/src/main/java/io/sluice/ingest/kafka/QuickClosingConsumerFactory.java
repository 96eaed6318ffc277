package io.sluice.ingest.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Consumers whose {@code close()} waits at most {@code closeTimeout}. Kafka's own close waits for
 * the fetch in flight, which the broker holds up to {@code fetch.max.wait.ms} while a topic is
 * idle (seconds, see {@link PartitionLinger}), and a worker stops its pipelines one after another.
 * Nothing is lost by not waiting: by then the listener settled every batch in flight and
 * committed synchronously, and leaving the group is the first thing close sends.
 */
final class QuickClosingConsumerFactory extends DefaultKafkaConsumerFactory<byte[], byte[]> {

    private final Duration closeTimeout;

    QuickClosingConsumerFactory(Map<String, Object> properties, Duration closeTimeout) {
        super(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.closeTimeout = closeTimeout;
    }

    @Override
    protected Consumer<byte[], byte[]> createRawConsumer(Map<String, Object> configProps) {
        return new KafkaConsumer<>(configProps, new ByteArrayDeserializer(), new ByteArrayDeserializer()) {

            @Override
            public void close() {
                close(CloseOptions.timeout(closeTimeout));
            }
        };
    }
}

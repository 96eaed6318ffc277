package io.sluice.api.connection;

import java.time.Instant;
import java.util.List;

import io.sluice.model.definition.KafkaConnection;

/**
 * Looks at a Kafka cluster for the pipeline wizard. Every call answers within the configured
 * time bound, and fails with a {@link ConnectionFailedException} that says what went wrong.
 */
interface KafkaInspector {

    /** Connects and authenticates, then describes the cluster. */
    Cluster describe(KafkaConnection connection);

    /** The names of the topics, internal topics left out, sorted. */
    List<String> topics(KafkaConnection connection);

    /**
     * The most recent events of the topic, newest first by timestamp: the last {@code count} of each
     * partition, of those the {@code count} newest. Fewer when the topic holds fewer. Reads without
     * a consumer group, so nothing is committed.
     */
    List<Event> latestEvents(KafkaConnection connection, String topic, int count);

    record Cluster(String clusterId, int brokers) {
    }

    record Event(String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value) {
    }

}

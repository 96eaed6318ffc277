package io.sluice.api.status;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sluice.kafka.KafkaClientProperties;
import io.sluice.model.definition.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.stereotype.Component;

/**
 * {@link ConsumerGroupOffsets} with the Kafka admin client, on the pipeline's own connection
 * (secrets in clear). Bounded by {@link #TIMEOUT}: the status page waits for it.
 */
@Component
class AdminConsumerGroupOffsets implements ConsumerGroupOffsets {

    // Short: a status page polls every few seconds, and a broker that does not answer must show as
    // "lag unknown" soon rather than hold the page.
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    @Override
    public Offsets read(KafkaConnection connection, String topic, String groupId) {
        int millis = (int) TIMEOUT.toMillis();
        Map<String, Object> properties = new HashMap<>(KafkaClientProperties.of(connection));
        properties.put("client.id", "sluice-api-lag");
        properties.put("request.timeout.ms", millis);
        properties.put("default.api.timeout.ms", millis);
        properties.put("socket.connection.setup.timeout.ms", millis);
        properties.put("socket.connection.setup.timeout.max.ms", millis);
        properties.put("reconnect.backoff.max.ms", 500);
        String brokers = String.join(",", connection.brokers());
        Admin admin;
        try {
            admin = Admin.create(properties);
        } catch (RuntimeException e) {
            // Admin.create refuses settings it cannot use (a malformed broker address, bad TLS material).
            throw new LagUnavailableException("Kafka client settings rejected: " + e.getMessage(), e);
        }
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(millis, TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            description.partitions().forEach((partition) -> {
                TopicPartition tp = new TopicPartition(topic, partition.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            });
            // read_committed, as ingest reads: records of open or aborted transactions are not waiting events.
            ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            var ends = admin.listOffsets(latest, committedOnly).all();
            var starts = admin.listOffsets(earliest, committedOnly).all();
            var group = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata();
            Map<Integer, Long> end = new HashMap<>();
            ends.get(millis, TimeUnit.MILLISECONDS).forEach((tp, info) -> end.put(tp.partition(), info.offset()));
            Map<Integer, Long> start = new HashMap<>();
            starts.get(millis, TimeUnit.MILLISECONDS).forEach((tp, info) -> start.put(tp.partition(), info.offset()));
            Map<Integer, Long> committed = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> offset : group.get(millis, TimeUnit.MILLISECONDS).entrySet()) {
                // The group may hold offsets of a topic the source read before an edit: not this topic's.
                if (offset.getKey().topic().equals(topic) && offset.getValue() != null) {
                    committed.put(offset.getKey().partition(), offset.getValue().offset());
                }
            }
            return new Offsets(end, start, committed);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new LagUnavailableException("topic '" + topic + "' does not exist at " + brokers, e.getCause());
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new LagUnavailableException("Kafka at " + brokers + " did not answer within "
                        + TIMEOUT.toSeconds() + " s", e.getCause());
            }
            throw new LagUnavailableException("Kafka at " + brokers + " refused: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new LagUnavailableException("Kafka at " + brokers + " did not answer within " + TIMEOUT.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagUnavailableException("interrupted", e);
        } finally {
            admin.close(CLOSE_TIMEOUT);
        }
    }
}

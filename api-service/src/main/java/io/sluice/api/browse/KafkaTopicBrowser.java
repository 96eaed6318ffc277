package io.sluice.api.browse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sluice.kafka.KafkaClientProperties;
import io.sluice.kafka.RecordBytes;
import io.sluice.model.definition.KafkaConnection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@link TopicBrowser} with a group-less consumer: assign and seek, so it leaves no consumer
 * group and no committed offset behind. The whole look (metadata, offsets, reads) fits in
 * {@code timeout}; what arrived by then is shown, marked incomplete.
 */
class KafkaTopicBrowser implements TopicBrowser {

    /** Most bytes of one value shown; a longer one is cut and says so. */
    static final int MAX_VALUE_BYTES = 256 * 1024;

    private static final Duration POLL = Duration.ofMillis(200);

    private final Duration timeout;

    KafkaTopicBrowser(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Look look(KafkaConnection connection, String topic, Seek seek, int limit) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(connection),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
            if (infos == null || infos.isEmpty()) {
                throw new KafkaReadFailedException("Kafka has no topic '" + topic + "'.", null);
            }
            List<TopicPartition> partitions = infos.stream().map((p) -> new TopicPartition(topic, p.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, remaining(deadline));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
            List<PartitionRange> ranges = partitions.stream()
                    .map((p) -> new PartitionRange(p.partition(), begins.get(p), ends.get(p))).toList();
            Map<Integer, Long> timeOffsets = new HashMap<>();
            if (seek instanceof Seek.FromTime fromTime) {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach((p) -> query.put(p, fromTime.time().toEpochMilli()));
                consumer.offsetsForTimes(query, remaining(deadline)).forEach((partition, found) -> {
                    if (found != null) {
                        timeOffsets.put(partition.partition(), ((OffsetAndTimestamp) found).offset());
                    }
                });
            }
            Map<Integer, SeekPlan.Range> plan = SeekPlan.ranges(ranges, seek, limit, timeOffsets);
            List<BrowsedRecord> read = read(consumer, topic, plan, deadline);
            boolean complete = read.size() == plan.values().stream().mapToLong((r) -> r.end() - r.start()).sum();
            return new Look(ranges, SeekPlan.shown(read, seek, limit), complete);
        } catch (BrowseException e) {
            throw e;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new KafkaReadFailedException("Kafka at " + String.join(", ", connection.brokers()) + " did not answer within "
                    + timeout.toSeconds() + " s. Check that the brokers are up and reachable from the api-service.", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new KafkaReadFailedException("Kafka refused to show topic '" + topic + "': " + e.getMessage(), e);
        }
    }

    private static List<BrowsedRecord> read(KafkaConsumer<byte[], byte[]> consumer, String topic,
            Map<Integer, SeekPlan.Range> plan, long deadline) {
        List<BrowsedRecord> read = new ArrayList<>();
        if (plan.isEmpty()) {
            return read;
        }
        Map<TopicPartition, SeekPlan.Range> wanted = new HashMap<>();
        plan.forEach((partition, range) -> wanted.put(new TopicPartition(topic, partition), range));
        consumer.assign(wanted.keySet());
        wanted.forEach((partition, range) -> consumer.seek(partition, range.start()));
        Map<TopicPartition, Long> next = new HashMap<>();
        wanted.forEach((partition, range) -> next.put(partition, range.start()));
        while (System.nanoTime() < deadline && !done(wanted, next)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                SeekPlan.Range range = wanted.get(partition);
                if (range != null && record.offset() >= range.start() && record.offset() < range.end()) {
                    read.add(browsed(record));
                }
                next.put(partition, record.offset() + 1);
            }
            // A partition whose records were compacted or deleted away in the range moves on by position.
            for (TopicPartition partition : wanted.keySet()) {
                next.put(partition, Math.max(next.get(partition), consumer.position(partition, Duration.ofMillis(remainingMillis(deadline)))));
            }
        }
        return read;
    }

    private static boolean done(Map<TopicPartition, SeekPlan.Range> wanted, Map<TopicPartition, Long> next) {
        return wanted.entrySet().stream().allMatch((e) -> next.get(e.getKey()) >= e.getValue().end());
    }

    static BrowsedRecord browsed(ConsumerRecord<byte[], byte[]> record) {
        byte[] key = record.key();
        byte[] value = record.value();
        byte[] shown = (value != null && value.length > MAX_VALUE_BYTES) ? Arrays.copyOf(value, MAX_VALUE_BYTES) : value;
        List<BrowsedRecord.Header> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new BrowsedRecord.Header(header.key(), RecordBytes.utf8OrNull(header.value()), RecordBytes.base64OrNull(header.value())));
        }
        return new BrowsedRecord(record.partition(), record.offset(),
                record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()), RecordBytes.utf8OrNull(key), RecordBytes.base64OrNull(key),
                RecordBytes.utf8OrNull(shown), RecordBytes.base64OrNull(shown), value == null ? -1 : value.length, shown != value, List.copyOf(headers));
    }

    private Map<String, Object> properties(KafkaConnection connection) {
        Map<String, Object> properties = new HashMap<>(KafkaClientProperties.of(connection));
        int millis = (int) timeout.toMillis();
        properties.put("client.id", "sluice-api-browser");
        properties.put("enable.auto.commit", false);
        properties.put("auto.offset.reset", "none");
        properties.put("request.timeout.ms", millis);
        properties.put("default.api.timeout.ms", millis);
        properties.put("socket.connection.setup.timeout.ms", Math.min(millis, 5_000));
        properties.put("socket.connection.setup.timeout.max.ms", Math.min(millis, 5_000));
        properties.put("reconnect.backoff.max.ms", 500);
        // Bounded reads: a look fetches little more than it shows.
        properties.put("max.poll.records", 500);
        properties.put("max.partition.fetch.bytes", 2 * MAX_VALUE_BYTES);
        properties.put("fetch.max.bytes", 8 * MAX_VALUE_BYTES);
        return properties;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofMillis(remainingMillis(deadline));
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }
}

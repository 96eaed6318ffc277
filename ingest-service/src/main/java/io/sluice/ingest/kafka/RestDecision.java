package io.sluice.ingest.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Whether a resting source must wake, from how far its group is behind its topic. */
final class RestDecision {

    private RestDecision() {
    }

    /**
     * Wakes a resting source when its group has records to read and no member reads them (all
     * rested, or the last reader died: Kafka removes it after its session timeout), or when its
     * group is behind by a backlog, so that the replicas share a load that grew while this one
     * rested. A group with a member reading and a small lag needs no help: waking would only
     * move partitions back and forth.
     *
     * @param ends        each partition's last stable offset (where a read-committed consumer stops)
     * @param committed   what the source's group committed per partition; a partition missing or
     *                    null has nothing committed
     * @param groupEmpty  whether the group has no member now
     * @param backlog     records behind at which a resting source wakes though another reads
     */
    static boolean wake(Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed,
            boolean groupEmpty, long backlog) {
        long behind = behind(ends, committed);
        return groupEmpty ? behind > 0 : behind >= backlog;
    }

    /**
     * Records past what the group committed, over every partition: produced since the source
     * rested, left unread by a replica that died, or the first of a partition added meanwhile.
     */
    static long behind(Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            long read = offset == null ? 0 : offset.offset();
            behind += Math.max(0, end.getValue() - read);
        }
        return behind;
    }
}

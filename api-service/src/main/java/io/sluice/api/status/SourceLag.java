package io.sluice.api.status;

import java.util.List;

/**
 * A source's lag, partition by partition, or why the broker could not tell it.
 *
 * @param total      the sum over the partitions; null when unknown
 * @param unknown    why the lag is unknown (the broker did not answer, the topic is gone), in words
 *                   for people; null when known
 * @param partitions by partition number; empty when unknown
 */
record SourceLag(String sourceId, String topic, String consumerGroup, Long total, String unknown,
        List<PartitionLag> partitions) {

    static SourceLag known(String sourceId, String topic, String consumerGroup, List<PartitionLag> partitions) {
        long total = partitions.stream().mapToLong(PartitionLag::lag).sum();
        return new SourceLag(sourceId, topic, consumerGroup, total, null, List.copyOf(partitions));
    }

    static SourceLag unknown(String sourceId, String topic, String consumerGroup, String reason) {
        return new SourceLag(sourceId, topic, consumerGroup, null, reason, List.of());
    }
}

package io.sluice.api.browse;

import java.util.List;

import io.sluice.model.definition.KafkaConnection;

/** Reads a few records of a topic to look at, without a consumer group: nothing is committed. */
interface TopicBrowser {

    /**
     * At most {@code limit} records from where {@code seek} says, within a time bound.
     * @throws KafkaReadFailedException if Kafka did not answer in time or refused
     * @throws UnknownPartitionException if an offset seek names a partition the topic has not
     */
    Look look(KafkaConnection connection, String topic, Seek seek, int limit);

    /**
     * @param partitions every partition of the topic as it was when the look began
     * @param records the records read, ordered as {@link SeekPlan#shown} says
     * @param complete false when the time bound ended the read before every record wanted came
     */
    record Look(List<PartitionRange> partitions, List<BrowsedRecord> records, boolean complete) {
    }
}

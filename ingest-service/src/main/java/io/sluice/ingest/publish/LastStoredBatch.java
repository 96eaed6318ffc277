package io.sluice.ingest.publish;

/**
 * The last batch stored on a partition's ingest subject: where ingest stands in that partition,
 * but only for the topic it was read from. The subject is per source and partition, not per
 * topic, so after the source's topic was edited it still ends with the old topic's batch.
 *
 * @param topic      the Kafka topic the batch's records came from (the envelope's source topic)
 * @param lastOffset the batch's last Kafka offset ({@code Sluice-Last-Offset})
 */
public record LastStoredBatch(String topic, long lastOffset) {

    /** Whether this batch is a position in that topic at all. */
    public boolean isOf(String sourceTopic) {
        return topic.equals(sourceTopic);
    }
}

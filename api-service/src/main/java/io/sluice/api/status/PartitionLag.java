package io.sluice.api.status;

/**
 * How far a pipeline's ingest is behind in one partition of a source topic, as the broker sees it.
 *
 * @param partition       the partition number
 * @param endOffset       the offset after the partition's last committed record (what a read_committed
 *                        consumer, as ingest is, can reach)
 * @param committedOffset the offset the pipeline's consumer group committed (ingest commits only what
 *                        JetStream acknowledged); null when the group committed nothing there yet
 * @param lag             records between the two: waiting to be ingested
 */
record PartitionLag(int partition, long endOffset, Long committedOffset, long lag) {
}

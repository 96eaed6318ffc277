package io.sluice.api.browse;

/**
 * A partition of a topic as it is now.
 * @param begin its first offset still held
 * @param end the offset after its last record (begin = end: empty)
 */
record PartitionRange(int partition, long begin, long end) {
}

package io.sluice.ingest.kafka;

/**
 * One record of a source partition as the checks need it, whether Kafka just returned it or it
 * comes back as a replayed dead letter: the chunker never depends on where it was read.
 *
 * @param offset    its offset in the source partition
 * @param timestamp its Kafka timestamp in epoch milliseconds (-1 when it has none)
 * @param value     its bytes, null for a tombstone
 */
public record SourceRecord(long offset, long timestamp, byte[] value) {
}

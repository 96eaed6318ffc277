package io.sluice.ingest.kafka;

import io.sluice.model.deadletter.KafkaRecord;

/**
 * One record of a source partition as the checks need it, whether Kafka just returned it or it
 * comes back as a replayed dead letter: the chunker never depends on where it was read.
 *
 * @param offset    its offset in the source partition
 * @param timestamp its Kafka timestamp in epoch milliseconds (-1 when it has none)
 * @param value     its bytes, null for a tombstone
 * @param kafka     its Kafka key and headers, for its dead letter; null when not known (a replay
 *                  that did not carry them)
 */
public record SourceRecord(long offset, long timestamp, byte[] value, KafkaRecord kafka) {

    /** A record whose Kafka key and headers are not known. */
    public SourceRecord(long offset, long timestamp, byte[] value) {
        this(offset, timestamp, value, null);
    }
}

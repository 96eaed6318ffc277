package io.sluice.model.envelope;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record in a batch. The arrays are not copied (this is the hot path): do not change
 * them after handing them over.
 *
 * @param offset the record's Kafka offset in its batch's topic partition
 * @param kafkaTimestampMillis the Kafka record timestamp
 * @param key the Kafka key, or null
 * @param json the record's value, UTF-8 JSON
 */
public record BatchRecord(long offset, long kafkaTimestampMillis, byte[] key, byte[] json) {

    public BatchRecord {
        if (offset < 0) {
            throw new IllegalArgumentException("a Kafka offset is not negative, was " + offset);
        }
        Objects.requireNonNull(json, "json");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BatchRecord record && record.offset == this.offset
                && record.kafkaTimestampMillis == this.kafkaTimestampMillis && Arrays.equals(record.key, this.key)
                && Arrays.equals(record.json, this.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.offset, this.kafkaTimestampMillis, Arrays.hashCode(this.key), Arrays.hashCode(this.json));
    }

    @Override
    public String toString() {
        return "BatchRecord[offset=" + this.offset + ", kafkaTimestampMillis=" + this.kafkaTimestampMillis + ", key="
                + ((this.key != null) ? this.key.length + " bytes" : "null") + ", json=" + this.json.length + " bytes]";
    }

}

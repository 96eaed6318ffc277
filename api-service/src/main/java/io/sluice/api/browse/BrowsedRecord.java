package io.sluice.api.browse;

import java.time.Instant;
import java.util.List;

/**
 * One record of a source topic as the API shows it. Text is given where the bytes are valid UTF-8,
 * base64 always (when there are bytes).
 *
 * @param timestamp the record's Kafka timestamp, null when it has none
 * @param value the value as text, at most {@link KafkaTopicBrowser#MAX_VALUE_BYTES} of it; null
 * when not UTF-8 or a tombstone
 * @param valueBytes the whole value's size in bytes (-1 for a tombstone)
 * @param valueTruncated whether {@code value} and {@code valueBase64} hold only the beginning
 */
record BrowsedRecord(int partition, long offset, Instant timestamp, String key, String keyBase64, String value,
        String valueBase64, int valueBytes, boolean valueTruncated, List<Header> headers) {

    /** @param value the value as text when UTF-8, else null */
    record Header(String name, String value, String valueBase64) {
    }
}

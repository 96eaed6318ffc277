package io.sluice.sink.batch;

import java.util.List;

import io.sluice.model.envelope.BatchRecord;

/**
 * What a lane keeps of a message once the message's rows are in its block: its stream sequence
 * and subject (the block's range, the purge after the commit), how many records it carried (the
 * recorded block's shape) and its first record's Kafka timestamp (the latency sample). The decoded
 * records themselves are not kept: a block holds up to {@code maxDelay} of input, and holding it
 * decoded until the insert made every block live through several young collections.
 *
 * @param firstRecordMillis the Kafka timestamp of the message's first record, or -1 if it has none
 */
public record ReadMessage(long streamSequence, String subject, int records, long firstRecordMillis) {

    public static ReadMessage of(StreamMessage message) {
        List<BatchRecord> records = message.batch().records();
        return new ReadMessage(message.streamSequence(), message.subject(), records.size(),
                records.isEmpty() ? -1 : records.get(0).kafkaTimestampMillis());
    }

    public static List<ReadMessage> of(List<StreamMessage> messages) {
        return messages.stream().map(ReadMessage::of).toList();
    }
}

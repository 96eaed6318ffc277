package io.sluice.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.sluice.ingest.parse.InvalidRecordException;
import io.sluice.ingest.parse.RecordParser;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.envelope.SourcePosition;

/**
 * Turns the records one poll returned for one partition into batches and dead letters. Pure but
 * for the clock that stamps dead letters.
 *
 * <p>A batch holds at most {@code maxRecords} records and encodes to at most {@code maxBytes}
 * (sizes are counted with the envelope's worst case per record, so the bound holds whatever the
 * offsets and timestamps are). A record that could never fit in a batch goes to the dead-letter
 * stream, cut to {@code maxBytes} so that its dead letter still fits in a NATS message.
 */
public final class PartitionChunker {

    /** Magic, version, checksum, and the varints of topic length, partition and record count. */
    static final int BATCH_OVERHEAD = 9 + 2 + 5 + 5;

    /** Varlong offset and timestamp deltas, varint key and JSON lengths, at their largest. */
    static final int RECORD_OVERHEAD = 10 + 10 + 5 + 5;

    private final String pipelineId;

    private final RecordParser parser;

    private final int maxRecords;

    private final int maxBytes;

    private final Clock clock;

    public PartitionChunker(String pipelineId, RecordParser parser, int maxRecords, int maxBytes, Clock clock) {
        this.pipelineId = pipelineId;
        this.parser = parser;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * @param records of one partition, in offset order: read from Kafka, or one replayed dead
     *                letter checked exactly as if it were read again at its source position
     */
    public Chunk chunk(String topic, int partition, List<SourceRecord> records) {
        int room = maxBytes - BATCH_OVERHEAD - topic.getBytes(StandardCharsets.UTF_8).length;
        List<OutgoingBatch> batches = new ArrayList<>();
        List<OutgoingDeadLetter> deadLetters = new ArrayList<>();
        List<BatchRecord> open = new ArrayList<>();
        long openBytes = 0;
        for (SourceRecord record : records) {
            byte[] value = record.value();
            int size = value == null ? 0 : value.length;
            if (RECORD_OVERHEAD + size > room) {
                deadLetters.add(tooLarge(topic, partition, record, value, room - RECORD_OVERHEAD));
                continue;
            }
            byte[] key;
            try {
                key = parser.parse(value);
            } catch (InvalidRecordException e) {
                deadLetters.add(deadLetter(topic, partition, record, e.reason(), value));
                continue;
            }
            int keySize = key == null ? 0 : key.length;
            int recordBytes = RECORD_OVERHEAD + size + keySize;
            if (recordBytes > room) {
                deadLetters.add(tooLarge(topic, partition, record, value, room - RECORD_OVERHEAD - keySize));
                continue;
            }
            if (!open.isEmpty() && (open.size() == maxRecords || openBytes + recordBytes > room)) {
                batches.add(OutgoingBatch.of(new Batch(topic, partition, open)));
                open = new ArrayList<>();
                openBytes = 0;
            }
            open.add(new BatchRecord(record.offset(), record.timestamp(), key, value));
            openBytes += recordBytes;
        }
        if (!open.isEmpty()) {
            batches.add(OutgoingBatch.of(new Batch(topic, partition, open)));
        }
        long next = records.isEmpty() ? -1 : records.get(records.size() - 1).offset() + 1;
        return new Chunk(batches, deadLetters, next, records.size());
    }

    private OutgoingDeadLetter tooLarge(String topic, int partition, SourceRecord record, byte[] value, int maximum) {
        String reason = "event of " + value.length + " bytes exceeds the maximum of " + maximum + " bytes";
        byte[] kept = value;
        if (value.length > maxBytes) {
            kept = Arrays.copyOf(value, maxBytes);
            reason += "; the dead letter holds its first " + maxBytes + " bytes";
        }
        return deadLetter(topic, partition, record, reason, kept);
    }

    private OutgoingDeadLetter deadLetter(String topic, int partition, SourceRecord record, String reason, byte[] original) {
        return new OutgoingDeadLetter(record.offset(), new DeadLetter(pipelineId, DeadLetter.INGEST, reason,
                new SourcePosition(topic, partition, record.offset()), clock.instant(),
                original == null ? new byte[0] : original, record.kafka()));
    }

    /**
     * What a poll's records of one partition became.
     *
     * @param nextOffset the offset after the last record read, -1 when none was
     * @param records    how many records were read
     */
    public record Chunk(List<OutgoingBatch> batches, List<OutgoingDeadLetter> deadLetters, long nextOffset, int records) {
    }

    /** A batch and its envelope, encoded once. */
    public record OutgoingBatch(Batch batch, byte[] envelope) {

        static OutgoingBatch of(Batch batch) {
            return new OutgoingBatch(batch, BatchCodec.encode(batch));
        }
    }

    public record OutgoingDeadLetter(long offset, DeadLetter deadLetter) {
    }
}

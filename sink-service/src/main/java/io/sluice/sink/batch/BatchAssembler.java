package io.sluice.sink.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.sink.column.BinaryBuffer;
import io.sluice.sink.column.ConversionException;
import io.sluice.sink.column.RowEncoder;

/**
 * Builds the insert block of a range of stream messages: each record converted in order into the
 * block's RowBinary, records that do not convert set aside as {@link RejectedRecord}s while the
 * other rows keep their order. Which messages form a block is decided once, by the
 * {@link io.sluice.sink.pipeline.JetStreamRangeReader reader} ({@code maxBatchSize},
 * {@code maxDelay}, the byte limit) and recorded before the insert; this builds the same bytes from
 * the same messages every time, on any replica, which is what makes a replayed insert a duplicate
 * ClickHouse drops. A fresh block is built message by message as the reader reads it
 * ({@link #open}), a replayed one from the messages of its recorded range ({@link #assemble}): the
 * same bytes either way. Pure: the caller owns the encoder (one per lane thread).
 */
public final class BatchAssembler {

    private static final int INITIAL_BLOCK_CAPACITY = 64 * 1024;

    private BatchAssembler() {
    }

    /**
     * Builds the block of exactly these messages, whatever the order they are passed in.
     * @throws IllegalArgumentException if there are none, or a stream sequence is given twice
     */
    public static SinkBatch assemble(String pipelineId, RowEncoder encoder, List<StreamMessage> messages) {
        Objects.requireNonNull(pipelineId, "pipelineId");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a block covers at least one stream message");
        }
        List<StreamMessage> ordered = new ArrayList<>(messages);
        ordered.sort(Comparator.comparingLong(StreamMessage::streamSequence));
        Block block = open(encoder);
        ordered.forEach(block::add);
        return block.close(pipelineId);
    }

    /** A block to add messages to in stream order, each converted as it is added. */
    public static Block open(RowEncoder encoder) {
        return new Block(Objects.requireNonNull(encoder, "encoder"));
    }

    /** A block being built: its rows so far, and the records set aside. Not thread-safe. */
    public static final class Block {

        private final RowEncoder encoder;

        private final BinaryBuffer rows = new BinaryBuffer(INITIAL_BLOCK_CAPACITY);

        private final List<Long> sequences = new ArrayList<>();

        private final List<RejectedRecord> rejected = new ArrayList<>();

        private int rowCount;

        private Block(RowEncoder encoder) {
            this.encoder = encoder;
        }

        /**
         * Converts the message's records into rows of the block.
         * @throws IllegalArgumentException if its stream sequence is not after the last one added
         */
        public void add(StreamMessage message) {
            if (!this.sequences.isEmpty() && message.streamSequence() <= lastSequence()) {
                throw new IllegalArgumentException("stream sequence " + message.streamSequence()
                        + (message.streamSequence() == lastSequence() ? " is given twice" : " comes after " + lastSequence()));
            }
            Batch batch = message.batch();
            List<BatchRecord> batchRecords = batch.records();
            for (int i = 0; i < batchRecords.size(); i++) {
                BatchRecord record = batchRecords.get(i);
                try {
                    this.encoder.encode(record.json(), this.rows);
                    this.rowCount++;
                }
                catch (ConversionException ex) {
                    this.rejected.add(new RejectedRecord(message.streamSequence(), i, batch.position(i), ex.field(), ex.column(),
                            ex.getMessage(), record.json()));
                }
            }
            this.sequences.add(message.streamSequence());
        }

        private long lastSequence() {
            return this.sequences.get(this.sequences.size() - 1);
        }

        /**
         * The block of the messages added.
         * @throws IllegalArgumentException if none was
         */
        public SinkBatch close(String pipelineId) {
            if (this.sequences.isEmpty()) {
                throw new IllegalArgumentException("a block covers at least one stream message");
            }
            return new SinkBatch(pipelineId, this.sequences, this.rows.toByteArray(), this.rowCount, this.rejected);
        }
    }

}

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
 * ClickHouse drops. Pure: the caller owns the encoder (one per lane thread).
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
        Objects.requireNonNull(encoder, "encoder");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a block covers at least one stream message");
        }
        List<StreamMessage> ordered = new ArrayList<>(messages);
        ordered.sort(Comparator.comparingLong(StreamMessage::streamSequence));
        OpenBlock block = new OpenBlock();
        for (StreamMessage message : ordered) {
            if (!block.sequences.isEmpty() && block.lastSequence() == message.streamSequence()) {
                throw new IllegalArgumentException("stream sequence " + message.streamSequence() + " is given twice");
            }
            block.add(message, encoder);
        }
        return block.close(pipelineId);
    }

    private static final class OpenBlock {

        private final BinaryBuffer rows = new BinaryBuffer(INITIAL_BLOCK_CAPACITY);

        private final List<Long> sequences = new ArrayList<>();

        private final List<RejectedRecord> rejected = new ArrayList<>();

        private int rowCount;

        void add(StreamMessage message, RowEncoder encoder) {
            Batch batch = message.batch();
            List<BatchRecord> batchRecords = batch.records();
            for (int i = 0; i < batchRecords.size(); i++) {
                BatchRecord record = batchRecords.get(i);
                try {
                    encoder.encode(record.json(), this.rows);
                    this.rowCount++;
                }
                catch (ConversionException ex) {
                    this.rejected.add(new RejectedRecord(message.streamSequence(), i, batch.position(i), ex.field(), ex.column(),
                            ex.getMessage(), record.json()));
                }
            }
            this.sequences.add(message.streamSequence());
        }

        long lastSequence() {
            return this.sequences.get(this.sequences.size() - 1);
        }

        SinkBatch close(String pipelineId) {
            return new SinkBatch(pipelineId, this.sequences, this.rows.toByteArray(), this.rowCount, this.rejected);
        }
    }

}

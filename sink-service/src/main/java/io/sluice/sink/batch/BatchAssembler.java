package io.sluice.sink.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.sink.column.BinaryBuffer;
import io.sluice.sink.column.ConversionException;
import io.sluice.sink.column.RowEncoder;

/**
 * Groups stream messages, in the order the consumer receives them, into insert blocks. Each
 * record is converted as its message arrives, so the work is spread out and a block is ready the
 * moment it closes; records that do not convert are set aside as {@link RejectedRecord}s and the
 * other rows keep their order.
 *
 * <p>A block closes when it holds {@code maxBatchSize} records (converted or rejected) or when its
 * first message has waited {@code maxDelay}. Messages are never split: a message that would take
 * the block past {@code maxBatchSize} starts the next one, so a block exceeds the limit only when a
 * single message does. Because when a block closes depends on timing, a replay does not repeat the
 * grouping: it rebuilds the recorded block with {@link #assemble}, which gives the same bytes.
 *
 * <p>Pure and single-threaded: the caller passes the time, and owns the encoder.
 */
public final class BatchAssembler {

    private static final int INITIAL_BLOCK_CAPACITY = 64 * 1024;

    private final String pipelineId;

    private final RowEncoder encoder;

    private final int maxBatchSize;

    private final long maxDelayNanos;

    private OpenBlock open;

    public BatchAssembler(String pipelineId, RowEncoder encoder, int maxBatchSize, Duration maxDelay) {
        this.pipelineId = Objects.requireNonNull(pipelineId, "pipelineId");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize is at least 1, not " + maxBatchSize);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay cannot be negative: " + maxDelay);
        }
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /**
     * Builds the block of exactly these messages, e.g. to replay a recorded insert. Gives the same
     * bytes as the block the assembler built from them, whatever the order they are passed in.
     */
    public static SinkBatch assemble(String pipelineId, RowEncoder encoder, List<StreamMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a block covers at least one stream message");
        }
        List<StreamMessage> ordered = new ArrayList<>(messages);
        ordered.sort(Comparator.comparingLong(StreamMessage::streamSequence));
        OpenBlock block = new OpenBlock(0);
        for (StreamMessage message : ordered) {
            if (!block.sequences.isEmpty() && block.lastSequence() == message.streamSequence()) {
                throw new IllegalArgumentException("stream sequence " + message.streamSequence() + " is given twice");
            }
            block.add(message, encoder);
        }
        return block.close(pipelineId);
    }

    /**
     * Adds the next message the consumer received.
     * @param nowNanos a monotonic clock ({@link System#nanoTime()}), for {@code maxDelay}
     * @return the blocks this closed, oldest first: none, one, or two when the message did not fit
     * the open block and filled a new one by itself
     * @throws IllegalArgumentException if the message is not after the open block's last message;
     * the caller drops redeliveries of messages it already holds in a block
     */
    public List<SinkBatch> add(StreamMessage message, long nowNanos) {
        List<SinkBatch> closed = new ArrayList<>(2);
        if (this.open != null) {
            if (message.streamSequence() <= this.open.lastSequence()) {
                throw new IllegalArgumentException("stream sequence " + message.streamSequence() + " arrived after "
                        + this.open.lastSequence() + "; a block holds its messages in stream order");
            }
            if (this.open.records + message.batch().records().size() > this.maxBatchSize) {
                closed.add(closeOpen());
            }
        }
        if (this.open == null) {
            this.open = new OpenBlock(nowNanos);
        }
        this.open.add(message, this.encoder);
        if (this.open.records >= this.maxBatchSize) {
            closed.add(closeOpen());
        }
        return closed;
    }

    /** The open block if its first message has waited {@code maxDelay}. */
    public Optional<SinkBatch> pollDue(long nowNanos) {
        if (this.open != null && nowNanos - this.open.openedAtNanos >= this.maxDelayNanos) {
            return Optional.of(closeOpen());
        }
        return Optional.empty();
    }

    /** How long until the open block is due, for the consumer's fetch timeout; {@link Long#MAX_VALUE} with no open block. */
    public long nanosUntilDue(long nowNanos) {
        if (this.open == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, this.open.openedAtNanos + this.maxDelayNanos - nowNanos);
    }

    /** Closes the open block whatever its size, e.g. when the pipeline pauses. */
    public Optional<SinkBatch> flush() {
        return (this.open != null) ? Optional.of(closeOpen()) : Optional.empty();
    }

    private SinkBatch closeOpen() {
        SinkBatch block = this.open.close(this.pipelineId);
        this.open = null;
        return block;
    }

    private static final class OpenBlock {

        private final long openedAtNanos;

        private final BinaryBuffer rows = new BinaryBuffer(INITIAL_BLOCK_CAPACITY);

        private final List<Long> sequences = new ArrayList<>();

        private final List<RejectedRecord> rejected = new ArrayList<>();

        private int rowCount;

        private int records;

        OpenBlock(long openedAtNanos) {
            this.openedAtNanos = openedAtNanos;
        }

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
            this.records += batchRecords.size();
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

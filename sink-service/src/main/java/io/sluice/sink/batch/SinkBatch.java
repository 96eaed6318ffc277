package io.sluice.sink.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.sluice.sink.clickhouse.InsertBlock;

/**
 * One deterministic insert: the rows of a run of stream messages, in stream order and, within a
 * message, in record order, encoded as RowBinary; plus the records of those messages that could not
 * become rows. The same messages always give the same bytes and the same token, which is what makes
 * replaying an unfinished insert idempotent.
 *
 * @param sequences the stream sequences of the messages in the block, ascending; a replica can
 * share a durable consumer with others, so they need not be contiguous, and a replay must fetch
 * exactly these
 * @param rowBinary the rows, in the column order of the encoder that built the block
 * @param rows how many rows {@code rowBinary} holds
 * @param rejected the records that became no row, in stream and record order
 */
public record SinkBatch(String pipelineId, List<Long> sequences, byte[] rowBinary, int rows, List<RejectedRecord> rejected) {

    public SinkBatch {
        Objects.requireNonNull(pipelineId, "pipelineId");
        Objects.requireNonNull(rowBinary, "rowBinary");
        sequences = List.copyOf(sequences);
        rejected = List.copyOf(rejected);
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a block covers at least one stream message");
        }
    }

    public long firstSequence() {
        return this.sequences.get(0);
    }

    public long lastSequence() {
        return this.sequences.get(this.sequences.size() - 1);
    }

    /** {@code <pipeline>:<firstSequence>-<lastSequence>}, sent as {@code insert_deduplication_token}. */
    public String deduplicationToken() {
        return this.pipelineId + ":" + firstSequence() + "-" + lastSequence();
    }

    /** The INSERT of this block; an empty one (every record rejected) needs no insert at all. */
    public InsertBlock insertBlock(String database, String table, List<String> columns) {
        return new InsertBlock(database, table, columns, this.rowBinary, this.rows, deduplicationToken());
    }

    // A record compares arrays by identity; blocks are compared by content, byte for byte.
    @Override
    public boolean equals(Object other) {
        return other instanceof SinkBatch that && this.pipelineId.equals(that.pipelineId) && this.sequences.equals(that.sequences)
                && this.rows == that.rows && Arrays.equals(this.rowBinary, that.rowBinary) && this.rejected.equals(that.rejected);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.pipelineId, this.sequences, this.rows, this.rejected) * 31 + Arrays.hashCode(this.rowBinary);
    }

    @Override
    public String toString() {
        return "SinkBatch[" + deduplicationToken() + ", " + this.sequences.size() + " messages, " + this.rows + " rows, "
                + this.rowBinary.length + " bytes, " + this.rejected.size() + " rejected]";
    }

}

package io.sluice.sink.batch;

import java.util.Arrays;
import java.util.Objects;

import io.sluice.model.envelope.SourcePosition;

/**
 * A record that could not become a row; it belongs on the pipeline's dead-letter stream with its
 * reason and original bytes while the rest of its block is inserted.
 *
 * @param streamSequence the message that carried it
 * @param recordIndex its index in that message's batch
 * @param position where it was read from Kafka
 * @param field the field at fault, or null when the whole record is (not JSON, not an object)
 * @param column the field's column, or null with {@code field}
 * @param reason for the person reading the dead-letter stream
 * @param json the record's bytes as the sink received them
 */
public record RejectedRecord(long streamSequence, int recordIndex, SourcePosition position, String field, String column,
        String reason, byte[] json) {

    public RejectedRecord {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(json, "json");
    }

    // A record compares arrays by identity; rejected records are values, so compare the bytes.
    @Override
    public boolean equals(Object other) {
        return other instanceof RejectedRecord that && this.streamSequence == that.streamSequence
                && this.recordIndex == that.recordIndex && this.position.equals(that.position)
                && Objects.equals(this.field, that.field) && Objects.equals(this.column, that.column)
                && this.reason.equals(that.reason) && Arrays.equals(this.json, that.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.streamSequence, this.recordIndex, this.position, this.field, this.column, this.reason)
                * 31 + Arrays.hashCode(this.json);
    }

    // The record may be megabytes of someone's data: never print it.
    @Override
    public String toString() {
        return "RejectedRecord[streamSequence=" + this.streamSequence + ", recordIndex=" + this.recordIndex + ", position="
                + this.position + ", reason=" + this.reason + ", json=" + this.json.length + " bytes]";
    }

}

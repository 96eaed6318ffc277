package io.sluice.model.envelope;

import java.util.List;
import java.util.Objects;

/**
 * The records of one Kafka topic partition that travel in one NATS message.
 *
 * @param records in offset order as read (a stage may drop records, never reorder them)
 */
public record Batch(String sourceTopic, int partition, List<BatchRecord> records) {

    public Batch {
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        if (sourceTopic.isEmpty()) {
            throw new IllegalArgumentException("a batch needs its source topic");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("a Kafka partition is not negative, was " + partition);
        }
        records = List.copyOf(records);
    }

    /** The source position of the record at this index. */
    public SourcePosition position(int index) {
        return new SourcePosition(this.sourceTopic, this.partition, this.records.get(index).offset());
    }

    /**
     * The offset of the first record, which names an ingest batch.
     * @throws IllegalStateException if the batch is empty
     */
    public long firstOffset() {
        requireRecords();
        return this.records.get(0).offset();
    }

    /**
     * The offset of the last record.
     * @throws IllegalStateException if the batch is empty
     */
    public long lastOffset() {
        requireRecords();
        return this.records.get(this.records.size() - 1).offset();
    }

    private void requireRecords() {
        if (this.records.isEmpty()) {
            throw new IllegalStateException("the batch of " + this.sourceTopic + "/" + this.partition + " is empty");
        }
    }

}

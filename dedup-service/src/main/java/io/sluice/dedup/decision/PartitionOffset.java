package io.sluice.dedup.decision;

/**
 * Where a record sits in its source: the Kafka partition and offset. The topic is left out
 * because dedup state is kept per pipeline source and a source reads one topic; leaving it out
 * keeps the stored value small.
 */
public record PartitionOffset(int partition, long offset) {

    public PartitionOffset {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException(
                    "a partition and offset are 0 or more, not " + partition + " and " + offset);
        }
    }

    @Override
    public String toString() {
        return this.partition + "/" + this.offset;
    }

}

package io.sluice.dedup.decision;

import java.util.Objects;

/** First-wins: whether a record passes, given the position stored for its key when it claimed it. */
public final class DedupDecision {

    private DedupDecision() {
    }

    /**
     * @param own the record's position
     * @param stored the position stored for the record's key before this record's claim, or
     * null if there was none (the claim stored {@code own})
     */
    public static Verdict decide(PartitionOffset own, PartitionOffset stored) {
        Objects.requireNonNull(own, "own");
        if (stored == null) {
            return Verdict.FIRST;
        }
        return stored.equals(own) ? Verdict.REDELIVERED_FIRST : Verdict.DUPLICATE;
    }

}

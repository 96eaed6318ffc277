package io.sluice.dedup.decision;

/** What dedup decides for one record with a key. */
public enum Verdict {

    /** No record with this key was seen inside the window: the record passes. */
    FIRST(true),

    /**
     * The record itself was first, seen before: a redelivery after a crash between claiming the
     * key and acknowledging the input. It passes again, so the output is the same as the first
     * time and its derived message id lets JetStream drop the republish.
     */
    REDELIVERED_FIRST(true),

    /** Another record with this key was first inside the window: the record is dropped. */
    DUPLICATE(false);

    private final boolean passes;

    Verdict(boolean passes) {
        this.passes = passes;
    }

    public boolean passes() {
        return this.passes;
    }

}

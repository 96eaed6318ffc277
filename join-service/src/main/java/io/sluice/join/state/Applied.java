package io.sluice.join.state;

/**
 * What applying one event did to the join state.
 *
 * @param outcome  what happened
 * @param released left events a right event released (joined with it), 0 otherwise
 */
public record Applied(Outcome outcome, int released) {

    public enum Outcome {
        /** The lane had applied this offset before (a redelivered or replayed batch): nothing changed. */
        ALREADY_APPLIED,
        /** A left event met a right event kept for its key: a {@link Fate.Kind#JOINED} fate. */
        JOINED,
        /** A left event waits for its partner. */
        WAITING,
        /** A right event is its key's latest now. */
        KEPT,
        /** A cap refused the event: an {@link Fate.Kind#OVERFLOW} fate. */
        OVERFLOW
    }
}

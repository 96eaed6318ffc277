package io.sluice.join.state;

/**
 * What became of an event, as the join state decided it and wrote it to a shard's outbox: the
 * only record of it, so the row (or dead letter) it gives is published from here, once.
 *
 * @param id       the outbox entry's id ({@code <ms>-<seq>}), increasing within a shard
 * @param kind     what was decided
 * @param position the deciding event's source position: the left event's for a row, the refused
 *                 event's for an overflow
 * @param left     the left event (null for a right event's overflow)
 * @param right    the right event it was joined with (null unless {@link Kind#JOINED}); for an
 *                 overflow of a right event, that event
 * @param reason   why an overflow was refused; null otherwise
 */
public record Fate(String id, Kind kind, String position, byte[] left, byte[] right, String reason) {

    public enum Kind {
        /** A left event met its partner: one joined row. */
        JOINED,
        /** A left event's window ended without a partner: a row with null right fields ({@code left} join), or none. */
        UNMATCHED,
        /** An event the state could not take (a cap): a dead letter with the reason. */
        OVERFLOW,
        /** An event the join could not key (not JSON, a join key field missing): a dead letter with the reason. */
        INVALID
    }
}

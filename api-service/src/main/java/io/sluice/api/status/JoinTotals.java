package io.sluice.api.status;

import java.time.Instant;

import io.sluice.model.control.JoinCounts;

/**
 * Adds up the join replicas' own figures, the one rule for status and the metrics history alike:
 * counters are summed over the replicas (each counts what it did since it started); waiting and
 * state bytes are one reading of the whole pipeline's state, taken from the newest report of a
 * replica still reporting. Not thread-safe: one per aggregation.
 */
final class JoinTotals {

    private long leftIn;
    private long rightIn;
    private long joined;
    private long unmatched;
    private JoinCounts newestReading;
    private Instant newestAt;
    private boolean any;

    /**
     * @param counts the replica's join figures, or null when it has none (not a join replica)
     * @param fresh  whether its heartbeat is recent: only then is its reading of the state current
     */
    void add(JoinCounts counts, Instant heartbeatAt, boolean fresh) {
        if (counts == null) {
            return;
        }
        any = true;
        leftIn += counts.leftIn();
        rightIn += counts.rightIn();
        joined += counts.joined();
        unmatched += counts.unmatched();
        if (fresh && (newestAt == null || heartbeatAt.isAfter(newestAt))) {
            newestReading = counts;
            newestAt = heartbeatAt;
        }
    }

    /** The sums and the newest reading (0 waiting and 0 bytes without a fresh one), or null when no replica had figures. */
    JoinCounts total() {
        if (!any) {
            return null;
        }
        return new JoinCounts(leftIn, rightIn, joined, unmatched, newestReading == null ? 0 : newestReading.waiting(),
                newestReading == null ? 0 : newestReading.stateBytes());
    }

    /** Left events waiting now, as the newest fresh report read them; null without one. */
    Long waiting() {
        return newestReading == null ? null : newestReading.waiting();
    }

    /** Bytes of join state now, likewise. */
    Long stateBytes() {
        return newestReading == null ? null : newestReading.stateBytes();
    }
}

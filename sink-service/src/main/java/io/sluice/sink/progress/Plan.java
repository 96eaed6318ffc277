package io.sluice.sink.progress;

/** What a sink replica does next on a lane; see {@link ProgressPlanner}. */
public sealed interface Plan {

    /** Another replica's insert is in flight and its lease is live: wait, then look again. */
    record Wait(long untilMillis) implements Plan {
    }

    /** Replay an unfinished insert exactly (its range is already recorded; the lease is now ours). */
    record Replay(Intent intent) implements Plan {
    }

    /**
     * Another replica holds the lane (it wrote the last commit and reads on): stand by, reading
     * nothing, and look again when its hold ends ({@code untilMillis}, renewed by its every block).
     * Also for a lane nobody holds that this replica, at its share, leaves to the others until
     * {@code untilMillis} ({@code holder} is then the last holder, or null after a hand-over).
     */
    record Standby(String holder, long untilMillis) implements Plan {
    }

    /** Read a new block starting at {@code fromSeq}, record its intent, insert it. */
    record Fresh(long fromSeq) implements Plan {
    }
}

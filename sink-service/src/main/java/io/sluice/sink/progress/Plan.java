package io.sluice.sink.progress;

/** What a sink replica does next on a lane; see {@link ProgressPlanner}. */
public sealed interface Plan {

    /** Another replica's insert is in flight and its lease is live: wait, then look again. */
    record Wait(long untilMillis) implements Plan {
    }

    /** Replay an unfinished insert exactly (its range is already recorded; the lease is now ours). */
    record Replay(Intent intent) implements Plan {
    }

    /** Read a new block starting at {@code fromSeq}, record its intent, insert it. */
    record Fresh(long fromSeq) implements Plan {
    }
}

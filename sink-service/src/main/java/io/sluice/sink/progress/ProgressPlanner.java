package io.sluice.sink.progress;

/**
 * Decides a sink replica's next step on a lane from the recorded progress. Pure.
 *
 * <p>The invariant that makes inserts exactly-once: a block's range is recorded before it is
 * inserted, and the committed sequence moves past it only after ClickHouse acknowledged it. Any
 * replica finding an unfinished intent whose lease has run out replays the very same range, which
 * ClickHouse drops as a duplicate block if the first attempt did land. Leases only spare replicas
 * from doing the same insert twice; correctness does not depend on clocks.
 */
public final class ProgressPlanner {

    private ProgressPlanner() {
    }

    public static Plan plan(Progress progress, String me, long nowMillis) {
        Intent intent = progress.intent();
        if (intent == null) {
            return new Plan.Fresh(progress.nextFromSeq());
        }
        if (intent.owner().equals(me) || intent.leaseUntilMillis() <= nowMillis) {
            return new Plan.Replay(intent);
        }
        return new Plan.Wait(intent.leaseUntilMillis());
    }
}

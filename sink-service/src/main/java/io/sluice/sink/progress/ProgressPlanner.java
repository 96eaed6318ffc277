package io.sluice.sink.progress;

/**
 * Decides a sink replica's next step on a lane from the recorded progress. Pure.
 *
 * <p>The invariant that makes inserts exactly-once: a block's range is recorded before it is
 * inserted, and the committed sequence moves past it only after ClickHouse acknowledged it. Any
 * replica finding an unfinished intent whose lease has run out replays the very same range, which
 * ClickHouse drops as a duplicate block if the first attempt did land. Leases only spare replicas
 * from doing the same insert twice; correctness does not depend on clocks. So does the lane's hold:
 * the replica that wrote the last intent or commit reads on, the others stand by until its hold
 * lapses (it stopped, died, or the lane was idle for that long), and then any of them may start.
 */
public final class ProgressPlanner {

    private ProgressPlanner() {
    }

    public static Plan plan(Progress progress, String me, long nowMillis) {
        Intent intent = progress.intent();
        if (intent == null) {
            // Two replicas reading every block of a lane and racing to record it doubled the reads
            // (and NATS's work) for one insert, and the loser's wait delayed the lane's next block.
            return progress.heldByAnotherThan(me, nowMillis) ? new Plan.Standby(progress.holder(), progress.heldUntilMillis())
                    : new Plan.Fresh(progress.nextFromSeq());
        }
        if (intent.owner().equals(me) || intent.leaseUntilMillis() <= nowMillis) {
            return new Plan.Replay(intent);
        }
        return new Plan.Wait(intent.leaseUntilMillis());
    }
}

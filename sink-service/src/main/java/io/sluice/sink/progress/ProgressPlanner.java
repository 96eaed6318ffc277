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
 * lapses (it stopped, died, or the lane was idle for that long), and then any of them may start;
 * which one first is steered by the replicas' shares ({@link Room}).
 */
public final class ProgressPlanner {

    private ProgressPlanner() {
    }

    public static Plan plan(Progress progress, String me, long nowMillis, Room room) {
        Intent intent = progress.intent();
        if (intent == null) {
            if (me.equals(progress.holder())) {
                return new Plan.Fresh(progress.nextFromSeq());
            }
            // Two replicas reading every block of a lane and racing to record it doubled the reads
            // (and NATS's work) for one insert, and the loser's wait delayed the lane's next block.
            if (progress.heldByAnotherThan(me, nowMillis)) {
                return new Plan.Standby(progress.holder(), progress.heldUntilMillis());
            }
            return takeFree(progress, nowMillis, room);
        }
        if (intent.owner().equals(me) || intent.leaseUntilMillis() <= nowMillis) {
            return new Plan.Replay(intent);
        }
        return new Plan.Wait(intent.leaseUntilMillis());
    }

    /**
     * Nobody holds the lane: its holder handed it over or released it, or stopped renewing its hold.
     * A replica below its share takes it at once, and so does any replica when the holder died;
     * one at its share leaves it for a grace to those below theirs, then takes it all the same.
     */
    private static Plan takeFree(Progress progress, long nowMillis, Room room) {
        boolean holderDied = progress.holder() != null && !room.alive().contains(progress.holder());
        // A hand-over or a lapsed hold records when the lane became free; a release at a stop (or a
        // lane never held) records 0: nobody waits for it.
        long takeAfter = progress.heldUntilMillis() == 0 ? 0 : progress.heldUntilMillis() + room.graceMillis();
        if (room.belowShare() || holderDied || takeAfter <= nowMillis) {
            return new Plan.Fresh(progress.nextFromSeq());
        }
        return new Plan.Standby(progress.holder(), takeAfter);
    }
}

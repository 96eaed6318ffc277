package io.sluice.worker.lane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which lanes of a pipeline a replica takes and which it hands back, so that the live
 * replicas share the lanes evenly. Pure: every replica runs it on what it reads from the lanes
 * bucket; compare-and-set on the lanes settles two replicas reaching for the same one.
 *
 * <p>Each live replica serves at most its share, {@code ceil(lanes / live replicas)}. A replica
 * above its share (another one joined) releases lanes; one below it takes free lanes — never
 * served, released, whose owner let the lease run out, or whose owner no longer heartbeats (it
 * died or left the pipeline; an idle lane's lease is long, see {@link LaneLease}, and must not
 * keep it from the live replicas that long). Because shares add up to at
 * least the number of lanes, no lane stays free for longer than one round of decisions once the
 * replicas agree on who is alive. While they disagree (a heartbeat not seen yet), a lane may move
 * once more than needed; that costs a hand-over, never correctness.
 */
final class LaneAssignment {

    /** What to do: lane keys to take and lane keys to release. */
    record Decision(List<String> take, List<String> release) {
    }

    private LaneAssignment() {
    }

    /**
     * @param me         this replica
     * @param running    lanes this replica serves now
     * @param lanes      every lane of the pipeline, by key, with its record (of the lanes in
     *                   {@code running} only the key counts: their records are not read)
     * @param heartbeats last heartbeat of every replica running the pipeline
     * @param aliveAfter heartbeats after this instant count as alive
     * @param nowMillis  now, for leases
     */
    static Decision decide(String me, Set<String> running, Map<String, LaneProgress> lanes, Map<String, Long> heartbeats,
            long aliveAfter, long nowMillis) {
        Set<String> alive = new TreeSet<>();
        heartbeats.forEach((replica, at) -> {
            if (at > aliveAfter) {
                alive.add(replica);
            }
        });
        alive.add(me);
        int share = (lanes.size() + alive.size() - 1) / alive.size();
        List<String> held = new ArrayList<>(new TreeSet<>(intersection(running, lanes.keySet())));
        if (held.size() > share) {
            // Hand back the last ones: which ones does not matter, only that every replica is steady.
            return new Decision(List.of(), List.copyOf(held.subList(share, held.size())));
        }
        List<String> free = new ArrayList<>();
        for (var lane : new TreeSet<>(lanes.keySet())) {
            LaneProgress progress = lanes.get(lane);
            // A lane recorded as ours but not running here is left over from this replica's previous life.
            boolean ours = me.equals(progress.owner());
            boolean ownerGone = progress.owner() != null && !alive.contains(progress.owner());
            if (!running.contains(lane) && (progress.isFree(nowMillis) || ours || ownerGone)) {
                free.add(lane);
            }
        }
        int wanted = Math.min(share - held.size(), free.size());
        if (wanted <= 0) {
            return new Decision(List.of(), List.of());
        }
        // Replicas start looking at different lanes, so that two starting together rarely race for one.
        int offset = new ArrayList<>(alive).indexOf(me) * share;
        List<String> take = new ArrayList<>(wanted);
        for (int i = 0; i < free.size() && take.size() < wanted; i++) {
            take.add(free.get((offset + i) % free.size()));
        }
        return new Decision(List.copyOf(take), List.of());
    }

    private static Set<String> intersection(Collection<String> a, Set<String> b) {
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        return both;
    }
}

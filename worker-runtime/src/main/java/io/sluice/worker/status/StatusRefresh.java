package io.sluice.worker.status;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.sluice.model.control.WorkerStatus;

/**
 * What a replica writes of a pipeline's status at one check (heartbeat): the status at once when
 * anything in it but the heartbeat time changed since it was last written; unchanged, once more
 * right after a change (the API reads a rate from two heartbeats, and sees it fall to 0 only from a
 * later heartbeat with the same counters), and then once the last write is {@code refresh} old, so
 * that the status bucket keeps it (the replica's {@link io.sluice.model.control.ReplicaHeartbeat}
 * keeps it current for the API in between). An idle pipeline's status then costs NATS a write every
 * {@code refresh} per replica, not every heartbeat interval.
 *
 * <p>Because an unchanged status is not written at every check, the report the API saw before a
 * burst may be up to {@code refresh} older than the burst. The first status whose counters moved
 * therefore carries the {@link WorkerStatus.Rest rest} they moved out of: the checks from the first
 * to the last that saw the counters before, so the API rates the increase from the end of the rest,
 * not from its old heartbeat. Pure.
 */
final class StatusRefresh {

    /** The longest an unchanged status goes unwritten, whatever the bucket's time-to-live. */
    static final Duration MAX_REFRESH = Duration.ofMinutes(5);

    private Duration refresh;

    private final Map<String, Written> written = new HashMap<>();

    private final Map<String, Counting> counting = new HashMap<>();

    /** The last status written, and whether it repeated the one before (counters at rest). */
    private record Written(WorkerStatus status, boolean settled) {
    }

    /** The counters of the latest check, and the checks that saw them. */
    private record Counting(WorkerStatus counters, WorkerStatus.Rest rest) {
    }

    StatusRefresh(Duration refresh) {
        this.refresh = refresh;
    }

    /**
     * How often to write an unchanged status into a bucket whose keys live {@code ttl} (zero or null:
     * for ever): a quarter of it, so that a late or failed write or two never lets a live replica's
     * key age out, at most {@link #MAX_REFRESH} and at least one {@code interval}. The replica's
     * heartbeat keeps the status current in between; a 1-minute bucket (as api-services before
     * 2026-12-06 made it) gets every 15 s, as those api-services expect without heartbeats.
     */
    static Duration refreshFor(Duration ttl, Duration interval) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            return MAX_REFRESH;
        }
        Duration quarter = ttl.dividedBy(4);
        return quarter.compareTo(MAX_REFRESH) > 0 ? MAX_REFRESH : quarter.compareTo(interval) < 0 ? interval : quarter;
    }

    void refreshEvery(Duration refresh) {
        this.refresh = refresh;
    }

    Duration refresh() {
        return refresh;
    }

    /**
     * What to write of {@code status}, whose heartbeat time is now: itself, itself with the rest its
     * counters just moved out of, or null when nothing is due. Every check must be passed here, also
     * those that write nothing: they make the rest.
     */
    WorkerStatus check(WorkerStatus status) {
        WorkerStatus.Rest movedOutOf = count(status);
        if (!due(status)) {
            return null;
        }
        return movedOutOf == null ? status : status.withRest(movedOutOf);
    }

    void written(WorkerStatus status) {
        Written last = written.get(status.key());
        written.put(status.key(), new Written(status, last != null && unchanged(last.status(), status)));
    }

    void forget(String key) {
        written.remove(key);
        counting.remove(key);
    }

    private boolean due(WorkerStatus status) {
        Written last = written.get(status.key());
        return last == null || !unchanged(last.status(), status) || !last.settled()
                || Duration.between(last.status().heartbeatAt(), status.heartbeatAt()).compareTo(refresh) >= 0;
    }

    /** Records the check; the rest the counters moved out of at it, when they stood still over two checks or more. */
    private WorkerStatus.Rest count(WorkerStatus status) {
        Counting before = counting.get(status.key());
        if (before != null && status.countsAsMuchAs(before.counters())) {
            counting.put(status.key(), new Counting(before.counters(),
                    new WorkerStatus.Rest(before.rest().from(), status.heartbeatAt())));
            return null;
        }
        counting.put(status.key(), new Counting(status, new WorkerStatus.Rest(status.heartbeatAt(), status.heartbeatAt())));
        // One check alone is no rest: the report of that check says as much.
        return before == null || before.rest().from().equals(before.rest().until()) ? null : before.rest();
    }

    private static boolean unchanged(WorkerStatus before, WorkerStatus now) {
        return before.withHeartbeatAt(now.heartbeatAt()).equals(now.withHeartbeatAt(now.heartbeatAt()));
    }
}

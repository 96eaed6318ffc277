package io.sluice.dedup.state;

import java.time.Instant;

import io.sluice.worker.redis.ServerLoss;

/**
 * Decides, from what Redis shows, whether it lost dedup state, and what a lane does about it. Pure.
 *
 * <p>Two signals. A lane's <em>sentinel</em> key, written without expiry when the lane first
 * claims and checked atomically with every claim, is gone after a restart without persistence, a
 * flush, or a failover to a server without it, so such a loss is caught before a single claim goes
 * to the empty Redis. The server's <em>run id</em> and eviction counter, polled every few seconds
 * ({@link io.sluice.worker.redis.ServerChanges}), catch what leaves the sentinel in place.
 */
public final class StateLossDetector {

    private StateLossDetector() {
    }

    /** What a lane does before it claims. */
    sealed interface LaneAction {
    }

    /** The sentinel is as expected: claim, guarded by it; {@code warning} (or null) goes to status. */
    record Arm(String warning) implements LaneAction {
    }

    /** No sentinel and the lane never claimed: write one ({@code SET NX}), then claim. */
    record Create() implements LaneAction {
    }

    /** Write a fresh sentinel over what is there (a loss acknowledged, or warned about), then claim. */
    record Renew(String warning) implements LaneAction {
    }

    /**
     * The lane's state is lost and not acknowledged: do not claim. {@code mark}: write the loss
     * into the sentinel first (found now), so every replica sees it.
     */
    record Lost(Instant at, String reason, boolean mark) implements LaneAction {
    }

    /**
     * @param sentinel          the lane's sentinel as read now, or null if missing
     * @param claimedBefore     the lane recorded progress, or this replica saw its sentinel before
     * @param serverLoss        a loss the server watch found since this replica last checked the lane, or null
     * @param acknowledgedAt    when a user last acknowledged losses here (resumed the pipeline), or null
     */
    static LaneAction checkLane(SentinelValue sentinel, boolean claimedBefore, ServerLoss serverLoss, Instant acknowledgedAt,
            OnStateLoss mode, Instant now) {
        if (sentinel != null && sentinel.lost()) {
            if (acknowledgedAt != null && acknowledgedAt.isAfter(sentinel.at())) {
                return new Renew(null);
            }
            return mode == OnStateLoss.STOP ? new Lost(sentinel.at(), sentinel.detail(), false)
                    : new Renew(warning(sentinel.at(), sentinel.detail()));
        }
        if (sentinel == null && (claimedBefore || serverLoss != null)) {
            String reason = serverLoss != null ? serverLoss.reason()
                    : "the lane's sentinel key is gone (restart without AOF, eviction, flush or failover)";
            Instant at = serverLoss != null ? serverLoss.at() : now;
            return mode == OnStateLoss.STOP ? new Lost(at, reason, true) : new Renew(warning(at, reason));
        }
        if (sentinel == null) {
            return new Create();
        }
        if (serverLoss != null) {
            return mode == OnStateLoss.STOP ? new Lost(serverLoss.at(), serverLoss.reason(), true)
                    : new Arm(warning(serverLoss.at(), serverLoss.reason()));
        }
        return new Arm(null);
    }

    /** The status text of a loss a lane stops on. */
    static String stopped(Instant at, String reason) {
        return "Redis lost dedup state (restart without AOF / eviction / failover) at " + at + ": " + reason
                + "; duplicates of events seen before then may pass, so dedup stopped."
                + " Pause and resume the pipeline to acknowledge and continue";
    }

    /** The status text of a loss a lane goes on after ({@link OnStateLoss#WARN}). */
    static String warning(Instant at, String reason) {
        return "Redis lost dedup state (restart without AOF / eviction / failover) at " + at + ": " + reason
                + "; duplicates of events seen before then may pass (sluice.dedup.on-state-loss=warn)";
    }
}

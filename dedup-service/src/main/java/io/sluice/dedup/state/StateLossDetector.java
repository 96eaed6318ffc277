package io.sluice.dedup.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, from what Redis shows, whether it lost dedup state, and what a lane does about it. Pure.
 *
 * <p>Two signals. A lane's <em>sentinel</em> key, written without expiry when the lane first
 * claims and checked atomically with every claim, is gone after a restart without persistence, a
 * flush, or a failover to a server without it, so such a loss is caught before a single claim goes
 * to the empty Redis. The server's <em>run id</em> and eviction counter, polled every few seconds,
 * catch what leaves the sentinel in place: a restart that reloaded an older RDB snapshot (the
 * sentinel was in it, the recent claims were not), a failover (replication is asynchronous), and
 * evicted claims (the sentinel has no expiry and is read with every batch, so eviction spares it).
 */
public final class StateLossDetector {

    // A server up for longer than the time since we last saw another run id is not a restart of
    // the one we saw but another server: a failover. Slack for clocks and slow polls.
    private static final long FAILOVER_SLACK_SECONDS = 5;

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

    /** A loss the server watch found, with when and why. */
    public record ServerLoss(Instant at, String reason) {
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

    /** What a change between two looks at the server means. */
    sealed interface ServerChange {
    }

    record Unchanged() implements ServerChange {
    }

    /** The server is still loading its data: nothing it says can be judged yet; look again. */
    record Loading() implements ServerChange {
    }

    /** Restarted with AOF: the claims were reloaded (up to about a second of them lost if it crashed). */
    record RestartedWithAof() implements ServerChange {
    }

    record StateLost(String reason) implements ServerChange {
    }

    /**
     * @param before the previous look, or null for the first
     * @param sinceBefore how long ago {@code before} was taken
     */
    static ServerChange compare(ServerInfo before, ServerInfo now, Duration sinceBefore) {
        if (now.loading()) {
            return new Loading();
        }
        if (before == null || before.runId() == null || now.runId() == null) {
            return new Unchanged();
        }
        if (!before.runId().equals(now.runId())) {
            if (now.uptimeSeconds() > sinceBefore.toSeconds() + FAILOVER_SLACK_SECONDS) {
                return new StateLost("Redis is another server now (run id changed, up for " + now.uptimeSeconds()
                        + " s: a failover), and replication is asynchronous");
            }
            if (Boolean.TRUE.equals(now.aofEnabled())) {
                return new RestartedWithAof();
            }
            return new StateLost(now.aofEnabled() == null ? "Redis restarted, and whether it keeps an append-only file is unknown"
                    : "Redis restarted without AOF (appendonly no)");
        }
        if (now.evictedKeys() > before.evictedKeys()) {
            return new StateLost("Redis evicted " + (now.evictedKeys() - before.evictedKeys()) + " keys (maxmemory-policy "
                    + now.maxmemoryPolicy() + ")");
        }
        return new Unchanged();
    }

    /** Settings of the server that risk dedup state, for status; none when it keeps state safely. */
    static List<String> configWarnings(ServerInfo info) {
        List<String> warnings = new ArrayList<>();
        if (info.aofEnabled() == null) {
            warnings.add("Redis persistence unknown (INFO shows no aof_enabled): a restart may lose dedup state");
        } else if (!info.aofEnabled()) {
            warnings.add("Redis runs with appendonly no: a restart loses dedup state (then detected and reported)");
        }
        if (info.maxmemoryPolicy() == null) {
            warnings.add("Redis maxmemory-policy unknown: eviction may lose dedup state");
        } else if (info.evicting()) {
            warnings.add("Redis maxmemory-policy is " + info.maxmemoryPolicy()
                    + ", not noeviction: eviction loses dedup state (then detected and reported)");
        }
        return warnings;
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

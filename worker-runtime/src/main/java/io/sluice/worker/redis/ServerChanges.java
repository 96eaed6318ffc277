package io.sluice.worker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a change between two looks at the Redis server means for the state a stage keeps there
 * (dedup's first sightings, the join's waiting and kept events). Pure.
 *
 * <p>The server's <em>run id</em> and eviction counter catch what a stage's own sentinel keys
 * cannot: a restart that reloaded an older RDB snapshot (the sentinels were in it, recent state
 * was not), a failover (replication is asynchronous), and evicted keys (sentinels have no expiry
 * and are read often, so eviction spares them).
 */
public final class ServerChanges {

    // A server up for longer than the time since we last saw another run id is not a restart of
    // the one we saw but another server: a failover. Slack for clocks and slow polls.
    private static final long FAILOVER_SLACK_SECONDS = 5;

    private ServerChanges() {
    }

    /** What a change between two looks at the server means. */
    public sealed interface ServerChange {
    }

    public record Unchanged() implements ServerChange {
    }

    /** The server is still loading its data: nothing it says can be judged yet; look again. */
    public record Loading() implements ServerChange {
    }

    /** Restarted with AOF: the state was reloaded (up to about a second of it lost if it crashed). */
    public record RestartedWithAof() implements ServerChange {
    }

    public record StateLost(String reason) implements ServerChange {
    }

    /**
     * Another server took over (a replica promoted), and the stage had every write answered only
     * once a replica held it ({@code WAIT}): nothing answered was lost, but an operator wants to know.
     */
    public record FailedOver(String description) implements ServerChange {
    }

    /** As {@link #compare(ServerInfo, ServerInfo, Duration, boolean)} for a stage whose writes replicas do not acknowledge. */
    public static ServerChange compare(ServerInfo before, ServerInfo now, Duration sinceBefore) {
        return compare(before, now, sinceBefore, false);
    }

    /**
     * @param before the previous look, or null for the first
     * @param sinceBefore how long ago {@code before} was taken
     * @param replicasAcknowledge the stage answers a write only once a replica holds it ({@code WAIT}),
     *        so a failover to that replica loses none
     */
    public static ServerChange compare(ServerInfo before, ServerInfo now, Duration sinceBefore, boolean replicasAcknowledge) {
        if (now.loading()) {
            return new Loading();
        }
        if (before == null || before.runId() == null || now.runId() == null) {
            return new Unchanged();
        }
        if (!before.runId().equals(now.runId())) {
            if (now.uptimeSeconds() > sinceBefore.toSeconds() + FAILOVER_SLACK_SECONDS) {
                if (replicasAcknowledge) {
                    return new FailedOver("Redis failed over (run id changed, the server now up for " + now.uptimeSeconds()
                            + " s); every write answered was on a replica first (WAIT), so none was lost");
                }
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

    /**
     * Settings of the server that risk a stage's state, for status; none when it keeps state safely.
     *
     * @param state what the stage keeps there, as status names it: "dedup state", "join state"
     */
    public static List<String> configWarnings(ServerInfo info, String state) {
        List<String> warnings = new ArrayList<>();
        if (info.aofEnabled() == null) {
            warnings.add("Redis persistence unknown (INFO shows no aof_enabled): a restart may lose " + state);
        } else if (!info.aofEnabled()) {
            warnings.add("Redis runs with appendonly no: a restart loses " + state + " (then detected and reported)");
        }
        if (info.maxmemoryPolicy() == null) {
            warnings.add("Redis maxmemory-policy unknown: eviction may lose " + state);
        } else if (info.evicting()) {
            warnings.add("Redis maxmemory-policy is " + info.maxmemoryPolicy()
                    + ", not noeviction: eviction loses " + state + " (then detected and reported)");
        }
        return warnings;
    }
}

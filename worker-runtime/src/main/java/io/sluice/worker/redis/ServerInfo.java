package io.sluice.worker.redis;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a stage keeping state in Redis needs to know of the server, from {@code INFO} (which
 * managed Redis services allow where they refuse {@code CONFIG GET}).
 *
 * @param runId          changes whenever the server restarts, and differs on another server (a failover)
 * @param aofEnabled     whether the server writes an append-only file; null when INFO does not say
 * @param maxmemoryPolicy e.g. {@code noeviction}; null when INFO does not say
 * @param evictedKeys    keys evicted since the server started (or statistics were reset)
 * @param uptimeSeconds  how long the server has run
 * @param loading        the server is still loading its data (AOF or RDB) after a start: what it
 *                       says of its persistence then is not yet true (seen: {@code aof_enabled:0}
 *                       from a server started with {@code appendonly yes})
 */
public record ServerInfo(String runId, Boolean aofEnabled, String maxmemoryPolicy, long evictedKeys, long uptimeSeconds,
        boolean loading) {

    /** A server done loading. */
    public ServerInfo(String runId, Boolean aofEnabled, String maxmemoryPolicy, long evictedKeys, long uptimeSeconds) {
        this(runId, aofEnabled, maxmemoryPolicy, evictedKeys, uptimeSeconds, false);
    }

    /** Reads the text {@code INFO} answers ({@code field:value} lines in {@code # Section}s). */
    public static ServerInfo parse(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        String aof = fields.get("aof_enabled");
        return new ServerInfo(fields.get("run_id"), aof == null ? null : "1".equals(aof), fields.get("maxmemory_policy"),
                number(fields.get("evicted_keys")), number(fields.get("uptime_in_seconds")), "1".equals(fields.get("loading")));
    }

    /**
     * A Redis Cluster seen as one server, from each master's {@code INFO}, so that
     * {@link ServerChanges} judges it as it judges a single Redis: its run id is every master's
     * (any master restarted or replaced by its replica changes it), its uptime the youngest
     * master's (a promoted replica has run for long: a failover; a restarted master for seconds),
     * it keeps an append-only file only if every master does, evicts if any master may, has
     * evicted what all masters together have, and is loading while any master is. Masters added
     * or removed by a resharding change the run id too, and read as a restart or a failover.
     */
    public static ServerInfo ofMasters(List<ServerInfo> masters) {
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster has at least one master");
        }
        if (masters.size() == 1) {
            return masters.get(0);
        }
        String runId = masters.stream().anyMatch(master -> master.runId() == null) ? null
                : masters.stream().map(ServerInfo::runId).sorted().collect(Collectors.joining(","));
        Boolean aof = masters.stream().anyMatch(master -> Boolean.FALSE.equals(master.aofEnabled())) ? Boolean.FALSE
                : masters.stream().anyMatch(master -> master.aofEnabled() == null) ? null : Boolean.TRUE;
        String policy = masters.stream().filter(ServerInfo::evicting).map(ServerInfo::maxmemoryPolicy).findFirst()
                .orElse(masters.stream().anyMatch(master -> master.maxmemoryPolicy() == null) ? null
                        : masters.get(0).maxmemoryPolicy());
        return new ServerInfo(runId, aof, policy, masters.stream().mapToLong(ServerInfo::evictedKeys).sum(),
                masters.stream().map(ServerInfo::uptimeSeconds).min(Comparator.naturalOrder()).orElseThrow(),
                masters.stream().anyMatch(ServerInfo::loading));
    }

    /** Whether the policy may remove keys that have not expired (every policy but {@code noeviction}). */
    public boolean evicting() {
        return maxmemoryPolicy != null && !"noeviction".equals(maxmemoryPolicy);
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

package io.sluice.sink.clickhouse;

import java.util.Map;

/**
 * Whether, and for how long, the sink's table drops an insert it has seen before: what a replayed
 * block's exactly-once rests on. Read from the table's engine and settings at pipeline start.
 *
 * @param replicated          a {@code Replicated*MergeTree}: block ids kept in ZooKeeper
 * @param window              how many recent blocks the table remembers
 *                            ({@code replicated_deduplication_window}, or
 *                            {@code non_replicated_deduplication_window} for a plain MergeTree);
 *                            0: none, a replay is not deduplicated
 * @param windowSeconds       how long it remembers them at most ({@code replicated_deduplication_window_seconds};
 *                            0 when the server has no such limit)
 * @param zookeeperPath       the table's path in ZooKeeper (its {@code /blocks} hold the remembered
 *                            block ids), or null when not replicated
 */
public record TableDeduplication(String engine, boolean replicated, long window, long windowSeconds, String zookeeperPath) {

    static final String REPLICATED_WINDOW = "replicated_deduplication_window";
    static final String REPLICATED_WINDOW_SECONDS = "replicated_deduplication_window_seconds";
    static final String NON_REPLICATED_WINDOW = "non_replicated_deduplication_window";

    /**
     * From the engine, the server's MergeTree defaults and the table's own {@code SETTINGS}
     * (which win over the defaults).
     */
    public static TableDeduplication of(String engine, String engineFull, Map<String, String> serverDefaults,
            String zookeeperPath) {
        Map<String, String> table = TableSettings.parse(engineFull);
        boolean replicated = engine != null && engine.startsWith("Replicated") && engine.endsWith("MergeTree");
        boolean mergeTree = engine != null && engine.endsWith("MergeTree");
        long window = 0;
        long windowSeconds = 0;
        if (replicated) {
            window = number(table, serverDefaults, REPLICATED_WINDOW, 100);
            windowSeconds = number(table, serverDefaults, REPLICATED_WINDOW_SECONDS, 0);
        } else if (mergeTree) {
            // A server that lacks the setting (before 20.x) has no deduplication for such tables.
            window = number(table, serverDefaults, NON_REPLICATED_WINDOW, 0);
        }
        return new TableDeduplication(engine, replicated, window, windowSeconds, replicated ? zookeeperPath : null);
    }

    /** Whether a replayed block is dropped at all. */
    public boolean dropsReplayedInserts() {
        return window > 0;
    }

    private static long number(Map<String, String> table, Map<String, String> defaults, String name, long fallback) {
        String value = table.getOrDefault(name, defaults.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

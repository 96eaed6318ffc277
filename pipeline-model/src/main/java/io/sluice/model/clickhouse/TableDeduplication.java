package io.sluice.model.clickhouse;

import java.util.List;
import java.util.Map;

/**
 * Whether, and for how long, the sink's table drops an insert it has seen before: what a replayed
 * block's exactly-once rests on. Read from the table's engine and settings at pipeline start, by
 * the sink (which refuses to run) and by the api-service (which refuses the start request), so
 * both judge a table by this one rule.
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

    public static final String REPLICATED_WINDOW = "replicated_deduplication_window";
    public static final String REPLICATED_WINDOW_SECONDS = "replicated_deduplication_window_seconds";
    public static final String NON_REPLICATED_WINDOW = "non_replicated_deduplication_window";

    /** The MergeTree settings {@link #of} reads from {@code system.merge_tree_settings}. */
    public static final List<String> SETTINGS = List.of(REPLICATED_WINDOW, REPLICATED_WINDOW_SECONDS, NON_REPLICATED_WINDOW);

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

    /**
     * What a pipeline writing into this table must be told, or null when the table drops a
     * replayed insert: a refusal, unless the sink accepts at-least-once delivery
     * ({@code allowAtLeastOnce}), then a warning.
     * @param table the table's name as the user knows it ({@code database.table})
     */
    public Verdict verdict(String table, boolean allowAtLeastOnce) {
        if (dropsReplayedInserts()) {
            return null;
        }
        String why = "table " + table + " uses the " + engine + " engine" + (replicated
                ? " with replicated_deduplication_window = 0" : "") + ", which does not drop a replayed insert, so a "
                + "sink crash between an insert and its commit could duplicate rows";
        if (allowAtLeastOnce) {
            return new Verdict(false, why + " (at-least-once accepted by the pipeline's allowAtLeastOnce)");
        }
        return new Verdict(true, why + ". Use ReplicatedMergeTree (or, on ClickHouse 22.2 or later, MergeTree with "
                + "SETTINGS non_replicated_deduplication_window = 1000), or accept at-least-once delivery with "
                + "\"allowAtLeastOnce\": true in the pipeline's sink");
    }

    /** @param refused the pipeline must not run; otherwise it runs and {@code message} is a warning */
    public record Verdict(boolean refused, String message) {
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

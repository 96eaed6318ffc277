package io.sluice.ui.wizard;

/**
 * What the sink will make of a table's engine when the pipeline starts, as far as the engine's name
 * tells (see docs/sink.md "Start-up check"). Exactly-once rests on the table dropping an insert it
 * has seen: a replayed block after a sink crash. The sink reads the table's deduplication settings
 * too, which the wizard does not see, so this is a forecast for the page, never a refusal: the sink
 * decides.
 */
enum ReplayProtection {

    /** A {@code Replicated*MergeTree}: drops a replayed insert (unless its window was set to 0). */
    DROPS_REPLAYS,

    /** Another {@code *MergeTree}: refused at start unless it sets {@code non_replicated_deduplication_window}. */
    ONLY_WITH_WINDOW_SETTING,

    /** {@code Memory}, {@code Log}, {@code Distributed}, …: never drops a replay, refused at start. */
    NONE,

    /** The engine is not known (the table is typed, not chosen from the listed ones). */
    UNKNOWN;

    /** The same rule as the sink's {@code TableDeduplication}, on the engine's name alone. */
    static ReplayProtection of(String engine) {
        if (engine == null || engine.isBlank()) {
            return UNKNOWN;
        }
        if (engine.endsWith("MergeTree")) {
            return engine.startsWith("Replicated") ? DROPS_REPLAYS : ONLY_WITH_WINDOW_SETTING;
        }
        return NONE;
    }

    /** Whether the sink will refuse to start the pipeline unless it accepts at-least-once delivery. */
    boolean refusedUnlessAccepted() {
        return this == ONLY_WITH_WINDOW_SETTING || this == NONE;
    }

    /** One plain sentence for the page, after the engine's name; blank when there is nothing to say. */
    String explanation() {
        return switch (this) {
            case DROPS_REPLAYS -> "drops a replayed insert, so each row is written exactly once"
                    + " (unless its replicated_deduplication_window is 0).";
            case ONLY_WITH_WINDOW_SETTING -> "does not drop a replayed insert unless the table sets"
                    + " non_replicated_deduplication_window, so the pipeline will be refused at start unless you"
                    + " accept at-least-once delivery.";
            case NONE -> "never drops a replayed insert, so the pipeline will be refused at start unless you accept"
                    + " at-least-once delivery.";
            case UNKNOWN -> "";
        };
    }
}

package io.sluice.sink.pipeline;

import java.util.Optional;

import io.sluice.model.clickhouse.TableDeduplication;
import io.sluice.sink.clickhouse.BlockMemory.Remembered;
import io.sluice.sink.progress.Intent;

/**
 * Whether the table still remembers a recorded insert, so that replaying it is dropped if the first
 * attempt landed. Pure.
 *
 * <p>A ReplicatedMergeTree keeps the ids of its newest {@code replicated_deduplication_window}
 * blocks (100 by default), and none older than {@code replicated_deduplication_window_seconds},
 * forgetting the oldest first. The block of an intent, if it landed, was created after the intent
 * was recorded. So while the table still remembers a block older than that, it has forgotten none
 * created since, ours included; and while it remembers fewer blocks than its window, it has
 * forgotten none at all. Otherwise (other lanes or pipelines kept inserting into the table while
 * this lane waited) it may have forgotten ours: a replay could then be inserted a second time.
 */
final class ReplayWindow {

    // ZooKeeper's and this machine's clocks may differ, and ctime has whole seconds: count from earlier.
    static final long CLOCK_MARGIN_MILLIS = 5_000;

    private ReplayWindow() {
    }

    /** The instant before which a remembered block proves the intent's block is remembered too. */
    static long countFrom(Intent intent) {
        return Math.max(0, intent.recordedAtMillis() - CLOCK_MARGIN_MILLIS);
    }

    /**
     * Why replaying {@code intent} might not be deduplicated, or null when it will be (or when that
     * cannot be known: an intent recorded before intents had a time, a table whose block ids
     * cannot be read — the replay then goes ahead as before).
     *
     * @param remembered the table's block ids now, counted from {@link #countFrom(Intent)}
     */
    static String refusal(String table, TableDeduplication deduplication, Intent intent, Optional<Remembered> remembered,
            long nowMillis) {
        if (deduplication == null || !deduplication.dropsReplayedInserts() || intent.recordedAtMillis() == 0) {
            return null;
        }
        long ageSeconds = (nowMillis - intent.recordedAtMillis()) / 1000;
        if (deduplication.windowSeconds() > 0 && ageSeconds >= deduplication.windowSeconds()) {
            return "the insert of stream sequences " + intent.fromSeq() + "-" + intent.toSeq() + " was recorded "
                    + ageSeconds + " s ago, and " + table + " remembers inserts for "
                    + deduplication.windowSeconds() + " s (replicated_deduplication_window_seconds)";
        }
        if (remembered.isPresent() && remembered.get().olderThan() == 0 && remembered.get().blocks() >= deduplication.window()) {
            return "at least " + remembered.get().blocks() + " blocks were inserted into " + table + " since the insert of "
                    + "stream sequences " + intent.fromSeq() + "-" + intent.toSeq() + " was recorded, and it remembers the last "
                    + deduplication.window() + " (replicated_deduplication_window)";
        }
        return null;
    }
}

package io.sluice.sink.pipeline;

/**
 * A recorded insert must be replayed, but the table may have forgotten it: if its first attempt
 * landed, the replay would land again. The lane stops and says so instead of guessing.
 */
final class ReplayUnsafeException extends Exception {

    ReplayUnsafeException(String why) {
        super("a recorded insert cannot be replayed safely: " + why + ". ClickHouse may no longer drop it as a "
                + "duplicate if it landed before, so the lane stopped rather than risk inserting its rows twice. Raise the "
                + "table's replicated_deduplication_window, or set \"allowAtLeastOnce\": true in the sink to replay anyway");
    }
}

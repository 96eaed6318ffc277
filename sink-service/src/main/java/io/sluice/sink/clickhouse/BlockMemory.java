package io.sluice.sink.clickhouse;

import java.util.Optional;

/** What the sink's table remembers of recent inserts: the edge a replay's deduplication is checked at. */
public interface BlockMemory {

    /** Knows nothing: a table whose block ids cannot be read (not replicated, no access to them). */
    BlockMemory UNKNOWN = since -> Optional.empty();

    /**
     * The block ids the table holds now, or empty when they cannot be read.
     *
     * @param epochMillis the instant to count older ids from (rounded down to the second)
     */
    Optional<Remembered> remembered(long epochMillis);

    /**
     * @param blocks    block ids the table holds
     * @param olderThan how many of them were created before the instant asked about
     */
    record Remembered(long blocks, long olderThan) {
    }
}

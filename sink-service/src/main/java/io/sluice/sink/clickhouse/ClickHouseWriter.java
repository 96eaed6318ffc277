package io.sluice.sink.clickhouse;

/**
 * Inserts blocks of RowBinary rows into one ClickHouse table; the I/O edge of the sink.
 *
 * <p>An insert is idempotent when repeated with the same block and token: on servers from 22.2 the
 * token deduplicates it, and before that ReplicatedMergeTree drops a block whose bytes it has
 * already stored. That is what lets a replica replay an unfinished insert after a crash.
 */
public interface ClickHouseWriter {

    /**
     * Inserts the block and returns once ClickHouse has acknowledged it.
     * @throws ClickHouseFailureException classified as transient or fatal for the pipeline
     */
    InsertResult insert(InsertBlock block);

}

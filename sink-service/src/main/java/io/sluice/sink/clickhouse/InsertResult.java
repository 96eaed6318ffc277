package io.sluice.sink.clickhouse;

import java.time.Duration;

/**
 * @param rows the rows of the block, now in the table: a replayed block that ClickHouse dropped as
 * a duplicate counts too, since its rows are there from the first time
 * @param took from sending the block to ClickHouse's acknowledgement
 */
public record InsertResult(int rows, Duration took) {
}

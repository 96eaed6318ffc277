package io.sluice.model.definition;

/**
 * Where a field of the pipeline's output goes.
 *
 * @param columnType the ClickHouse type of the column, e.g. {@code UInt64}; optional, the sink
 * reads the table's own when absent
 */
public record ColumnMapping(String field, String column, String columnType) {
}

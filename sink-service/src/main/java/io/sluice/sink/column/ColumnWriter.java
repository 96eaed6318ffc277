package io.sluice.sink.column;

import tools.jackson.core.JsonParser;

/**
 * Converts one JSON value into the RowBinary bytes of one column type. Built once per pipeline
 * from the column's type, so the per-row work is a virtual call and the conversion itself, never a
 * lookup by type. Writers of container types hold their element writers. A writer that rejects a
 * value throws {@link ValueRejectedException}; it may have written part of the value by then, so
 * the caller discards what the row wrote.
 */
interface ColumnWriter {

    /**
     * Writes the value at the parser's current token and leaves the parser on the value's last
     * token (the closing bracket of an array or object).
     */
    void write(JsonParser parser, BinaryBuffer out);

    /** Writes NULL for a JSON null or a missing field, if the type has a NULL. */
    default void writeAbsent(BinaryBuffer out) {
        throw new ValueRejectedException("no value (null or missing) for a column that is not Nullable");
    }

    /** Writes the type's zero value: what ClickHouse stores when a column is left out of an insert without a DEFAULT. */
    void writeDefault(BinaryBuffer out);

}

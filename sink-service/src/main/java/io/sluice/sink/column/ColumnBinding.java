package io.sluice.sink.column;

import java.util.Objects;

import io.sluice.model.clickhouse.ClickHouseType;

/**
 * One column of the insert and where its value comes from.
 *
 * @param field dot-path into the record's JSON ({@code user.id}); a segment cannot itself contain a dot
 * @param column the column name in the table
 * @param type the column's type as the table has it
 * @param whenMissing what a missing or null value becomes when the type is not Nullable
 */
public record ColumnBinding(String field, String column, ClickHouseType type, WhenMissing whenMissing) {

    public ColumnBinding {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(whenMissing, "whenMissing");
    }

    public ColumnBinding(String field, String column, ClickHouseType type) {
        this(field, column, type, WhenMissing.REJECT);
    }

}

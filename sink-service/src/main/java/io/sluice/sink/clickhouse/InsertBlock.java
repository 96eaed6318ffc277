package io.sluice.sink.clickhouse;

import java.util.List;
import java.util.Objects;

/**
 * One INSERT: rows already encoded as RowBinary in the order of {@code columns}.
 *
 * @param columns the INSERT's column list, so the column order is the sink's, not the table's
 * @param rows how many rows {@code rowBinary} holds
 * @param deduplicationToken sent as {@code insert_deduplication_token} where the server takes it
 */
public record InsertBlock(String database, String table, List<String> columns, byte[] rowBinary, int rows,
        String deduplicationToken) {

    public InsertBlock {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rowBinary, "rowBinary");
        Objects.requireNonNull(deduplicationToken, "deduplicationToken");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("an insert needs at least one column");
        }
        if (rows < 0 || (rows == 0) != (rowBinary.length == 0)) {
            throw new IllegalArgumentException(rows + " rows cannot be " + rowBinary.length + " bytes");
        }
    }

    @Override
    public String toString() {
        return "InsertBlock[" + this.database + "." + this.table + ", " + this.rows + " rows, " + this.rowBinary.length
                + " bytes, token " + this.deduplicationToken + "]";
    }

}

package io.sluice.sink.clickhouse;

/** Reads the server's version and a table's columns; the I/O edge of the start-up check. */
public interface ClickHouseSchemaInspector {

    /**
     * @throws ClickHouseFailureException if the server cannot be asked, classified like an insert
     * failure: transient when it is unreachable, permanent when the credentials are refused
     */
    TableInspection inspect(String database, String table);

}

package io.sluice.api.connection;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.sluice.model.clickhouse.TableDeduplication;

/**
 * Looks at a ClickHouse server for the pipeline wizard. Every call answers within the configured
 * time bound, and fails with a {@link ConnectionFailedException} that says what went wrong.
 */
interface ClickHouseInspector {

    /**
     * Connects and authenticates; checks the connection's database exists when it names one.
     * @return the server's version, e.g. {@code 18.16.1}
     */
    String version(ClickHouseConnection connection);

    /** The tables of a database with their engines, sorted by name. */
    List<Table> tables(ClickHouseConnection connection, String database);

    /** The columns of a table, in the table's order. */
    List<Column> columns(ClickHouseConnection connection, String database, String table);

    /**
     * How a table drops replayed inserts: its engine, its own settings and the server's MergeTree
     * defaults; empty when the table does not exist.
     */
    Optional<TableDeduplication> deduplication(ClickHouseConnection connection, String database, String table);

    /** The names of the server's macros ({@code system.macros}), like {@code shard} and {@code replica}. */
    Set<String> macros(ClickHouseConnection connection);

    /**
     * Runs a statement that answers no rows, like a {@code CREATE TABLE}; fails with ClickHouse's
     * reason when the server refuses it.
     */
    void execute(ClickHouseConnection connection, String statement);

    record Table(String name, String engine) {
    }

    record Column(String name, String type) {
    }

}

package io.sluice.sink.clickhouse;

import io.sluice.model.clickhouse.TableDeduplication;

import java.util.List;
import java.util.Map;

/**
 * What the server says about itself and the sink's table when a pipeline starts.
 *
 * @param timeZone the server's time zone, for DateTime columns without their own
 * @param engine the table's engine, e.g. {@code ReplicatedMergeTree}; null when the table does not exist
 * @param columns in table order; empty when the table does not exist
 * @param deduplication whether and how long the table drops a replayed insert; null when the table does not exist
 */
public record TableInspection(ServerVersion version, String timeZone, boolean databaseExists, boolean tableExists,
        String engine, List<TableColumn> columns, TableDeduplication deduplication) {

    public TableInspection {
        columns = List.copyOf(columns);
    }

    /** A table with its engine's default deduplication (no settings of its own, the usual server defaults). */
    public TableInspection(ServerVersion version, String timeZone, boolean databaseExists, boolean tableExists,
            String engine, List<TableColumn> columns) {
        this(version, timeZone, databaseExists, tableExists, engine, columns,
                engine == null ? null : TableDeduplication.of(engine, null, Map.of(), null));
    }

}

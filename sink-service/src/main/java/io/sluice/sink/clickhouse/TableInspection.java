package io.sluice.sink.clickhouse;

import java.util.List;

/**
 * What the server says about itself and the sink's table when a pipeline starts.
 *
 * @param timeZone the server's time zone, for DateTime columns without their own
 * @param engine the table's engine, e.g. {@code ReplicatedMergeTree}; null when the table does not exist
 * @param columns in table order; empty when the table does not exist
 */
public record TableInspection(ServerVersion version, String timeZone, boolean databaseExists, boolean tableExists,
        String engine, List<TableColumn> columns) {

    public TableInspection {
        columns = List.copyOf(columns);
    }

}

package io.sluice.sink.clickhouse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sluice.model.clickhouse.TableDeduplication;
import com.clickhouse.client.api.Client;

import io.sluice.sink.clickhouse.ClickHouseFailure.Disposition;

/**
 * Asks the server through client-v2, reading TabSeparated answers: the one output format every
 * server back to 18.16 writes the same way (RowBinaryWithNamesAndTypes, the client's default, is
 * not).
 */
public final class ClientV2SchemaInspector implements ClickHouseSchemaInspector {

    private final Client client;

    private final Duration timeout;

    /** @param client borrowed, not closed here */
    public ClientV2SchemaInspector(Client client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public TableInspection inspect(String database, String table) {
        List<String> server = single(query("SELECT version(), timezone()"));
        ServerVersion version = ServerVersion.parse(server.get(0));
        boolean databaseExists = !query("SELECT 1 FROM system.databases WHERE name = " + Sql.literal(database)).isEmpty();
        List<List<String>> engines = query("SELECT engine, engine_full FROM system.tables WHERE database = "
                + Sql.literal(database) + " AND name = " + Sql.literal(table));
        if (engines.isEmpty()) {
            return new TableInspection(version, server.get(1), databaseExists, false, null, List.of());
        }
        List<TableColumn> columns = new ArrayList<>();
        for (List<String> row : query("SELECT name, type, default_kind FROM system.columns WHERE database = "
                + Sql.literal(database) + " AND table = " + Sql.literal(table))) {
            columns.add(new TableColumn(row.get(0), row.get(1), row.get(2)));
        }
        String engine = engines.get(0).get(0);
        return new TableInspection(version, server.get(1), true, true, engine, columns,
                deduplication(database, table, engine, engines.get(0).get(1)));
    }

    private TableDeduplication deduplication(String database, String table, String engine, String engineFull) {
        Map<String, String> defaults = new HashMap<>();
        for (List<String> row : query("SELECT name, value FROM system.merge_tree_settings WHERE name IN ("
                + Sql.literal(TableDeduplication.REPLICATED_WINDOW) + ", " + Sql.literal(TableDeduplication.REPLICATED_WINDOW_SECONDS)
                + ", " + Sql.literal(TableDeduplication.NON_REPLICATED_WINDOW) + ")")) {
            defaults.put(row.get(0), row.get(1));
        }
        String zookeeperPath = null;
        if (engine.startsWith("Replicated")) {
            List<List<String>> replicas = query("SELECT zookeeper_path FROM system.replicas WHERE database = "
                    + Sql.literal(database) + " AND table = " + Sql.literal(table));
            zookeeperPath = replicas.isEmpty() ? null : replicas.get(0).get(0);
        }
        return TableDeduplication.of(engine, engineFull, defaults, zookeeperPath);
    }

    private List<List<String>> query(String sql) {
        return TabSeparatedQuery.run(this.client, sql, this.timeout);
    }

    private static List<String> single(List<List<String>> rows) {
        if (rows.size() != 1) {
            throw new ClickHouseFailureException(new ClickHouseFailure(Disposition.PIPELINE_FATAL, 0,
                    "ClickHouse answered " + rows.size() + " rows where one was expected"), null);
        }
        return rows.get(0);
    }

}

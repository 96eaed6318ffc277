package io.sluice.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.sluice.model.clickhouse.TableDeduplication;
import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.model.definition.ColumnMapping;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.sink.clickhouse.ClickHouseFailure.Disposition;
import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;

@RealServers(RealServer.CLICKHOUSE)
class ClientV2SchemaInspectorIntegrationTests {

    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();

    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Client client;

    private static String database;

    @BeforeAll
    static void createTable(TestNamespace namespace) {
        database = namespace.clickHouseDatabase();
        CLICKHOUSE.createDatabase(database);
        CLICKHOUSE.execute("CREATE TABLE " + database + ".orders (id UInt64, status Enum8('new' = 1, 'it''s paid' = 2), "
                + "placed DateTime('Europe/Berlin'), total Decimal32(2), tags Array(Nullable(String)), "
                + "created Date DEFAULT today(), day UInt16 MATERIALIZED toUInt16(created)) "
                + "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + namespace.id() + "/orders', '{replica}') ORDER BY id");
        client = endpoint(ENDPOINTS.clickHouseUrl(), "").open();
    }

    @AfterAll
    static void dropTable() {
        client.close();
        CLICKHOUSE.dropDatabase(database);
    }

    @Test
    void readsTheServerVersionTimeZoneEngineAndColumns() {
        TableInspection inspection = new ClientV2SchemaInspector(client, TIMEOUT).inspect(database, "orders");

        assertThat(inspection.version().toString()).isEqualTo(CLICKHOUSE.queryRows("SELECT version()").get(0));
        assertThat(inspection.timeZone()).isEqualTo(CLICKHOUSE.queryRows("SELECT timezone()").get(0));
        assertThat(inspection.databaseExists()).isTrue();
        assertThat(inspection.tableExists()).isTrue();
        assertThat(inspection.engine()).isEqualTo("ReplicatedMergeTree");
        assertThat(inspection.columns()).containsExactly(
                new TableColumn("id", "UInt64", ""),
                new TableColumn("status", "Enum8('new' = 1, 'it\\'s paid' = 2)", ""),
                new TableColumn("placed", "DateTime('Europe/Berlin')", ""),
                new TableColumn("total", "Decimal(9, 2)", ""),
                new TableColumn("tags", "Array(Nullable(String))", ""),
                new TableColumn("created", "Date", "DEFAULT"),
                new TableColumn("day", "UInt16", "MATERIALIZED"));
        assertThat(inspection.deduplication().dropsReplayedInserts()).isTrue();
        assertThat(inspection.deduplication().window()).isEqualTo(100);
        assertThat(inspection.deduplication().zookeeperPath()).endsWith("/orders").startsWith("/clickhouse/tables/");
    }

    @Test
    void readsATablesOwnDeduplicationWindow() {
        CLICKHOUSE.execute("CREATE TABLE " + database + ".small_window (id UInt64) ENGINE = ReplicatedMergeTree("
                + "'/clickhouse/tables/{shard}/" + database + "/small_window', '{replica}') ORDER BY id "
                + "SETTINGS replicated_deduplication_window = 3");

        TableDeduplication deduplication = new ClientV2SchemaInspector(client, TIMEOUT).inspect(database, "small_window")
                .deduplication();

        assertThat(deduplication.window()).isEqualTo(3);
        assertThat(deduplication.replicated()).isTrue();
    }

    @Test
    void tellsAMissingTableFromAMissingDatabase() {
        ClickHouseSchemaInspector inspector = new ClientV2SchemaInspector(client, TIMEOUT);

        TableInspection noTable = inspector.inspect(database, "nope");
        TableInspection noDatabase = inspector.inspect(database + "_nope", "orders");

        assertThat(noTable.databaseExists()).isTrue();
        assertThat(noTable.tableExists()).isFalse();
        assertThat(noTable.columns()).isEmpty();
        assertThat(noDatabase.databaseExists()).isFalse();
        assertThat(noDatabase.tableExists()).isFalse();
    }

    @Test
    void passesTheSchemaCheckForAMappingThatFitsTheRealTable() {
        TableInspection inspection = new ClientV2SchemaInspector(client, TIMEOUT).inspect(database, "orders");
        SinkDefinition sink = new SinkDefinition(ENDPOINTS.clickHouseUrl(), database, "default", "", "orders", null, null, List.of(
                new ColumnMapping("id", "id", "UInt64"),
                new ColumnMapping("status", "status", "Enum8('it\\'s paid' = 2, 'new' = 1)"),
                new ColumnMapping("placed", "placed", null),
                new ColumnMapping("total", "total", "Decimal32(2)"),
                new ColumnMapping("tags", "tags", null)));

        SchemaCheck.Result result = SchemaCheck.check(sink, inspection);

        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.bindings()).extracting((binding) -> binding.type().sql()).containsExactly("UInt64",
                "Enum8('new' = 1, 'it\\'s paid' = 2)", "DateTime('Europe/Berlin')", "Decimal(9, 2)", "Array(Nullable(String))");
    }

    @Test
    void refusesTypesThisServerLacksAtStartUp() {
        TableInspection inspection = new ClientV2SchemaInspector(client, TIMEOUT).inspect(database, "orders");
        SinkDefinition sink = new SinkDefinition(ENDPOINTS.clickHouseUrl(), database, "default", "", "orders", null, null, List.of(
                new ColumnMapping("placed", "placed", "DateTime64(3)"), new ColumnMapping("day", "day", null)));

        SchemaCheck.Result result = SchemaCheck.check(sink, inspection);

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).containsExactly(
                "column placed is declared DateTime64(3), but DateTime64 needs ClickHouse 20.1 or later; this server runs ClickHouse "
                        + inspection.version(),
                "column day is MATERIALIZED, computed by ClickHouse; it cannot be written, so leave it out of the mapping");
    }

    @Test
    void failsThePipelineWhenTheCredentialsAreRefused() {
        try (Client wrongPassword = endpoint(ENDPOINTS.clickHouseUrl(), "not the password").open()) {
            assertThatThrownBy(() -> new ClientV2SchemaInspector(wrongPassword, TIMEOUT).inspect(database, "orders"))
                    .isInstanceOfSatisfying(ClickHouseFailureException.class, (ex) -> {
                        assertThat(ex.failure().disposition()).isEqualTo(Disposition.PIPELINE_FATAL);
                        assertThat(ex.failure().code()).isEqualTo(193);
                    });
        }
    }

    @Test
    void retriesWhenNothingListensOnThePort() {
        try (Client closedPort = endpoint("http://127.0.0.1:1", "").open()) {
            assertThatThrownBy(() -> new ClientV2SchemaInspector(closedPort, TIMEOUT).inspect(database, "orders"))
                    .isInstanceOfSatisfying(ClickHouseFailureException.class,
                            (ex) -> assertThat(ex.failure().disposition()).isEqualTo(Disposition.TRANSIENT));
        }
    }

    private static ClickHouseEndpoint endpoint(String url, String password) {
        return new ClickHouseEndpoint(url, "default", password, Duration.ofSeconds(2), Duration.ofSeconds(10), TIMEOUT);
    }

}

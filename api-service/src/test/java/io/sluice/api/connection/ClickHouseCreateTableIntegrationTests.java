package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The wizard's "Create table" against the real ClickHouse 18.16 with its {shard} and {replica} macros. */
@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClickHouseCreateTableIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(ClickHouseCreateTableIntegrationTests.class);

    static final String URL = LocalEndpoints.fromEnvironment().clickHouseUrl();

    static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(URL);

    static final String DATABASE = NAMESPACE.clickHouseDatabase();

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String PATH = "/api/v1/connections/clickhouse/create-table";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void database() {
        CLICKHOUSE.createDatabase(DATABASE);
    }

    @AfterAll
    static void dropDatabase() {
        CLICKHOUSE.dropDatabase(DATABASE);
    }

    @Test
    void dryRunShowsTheStatementAndCreatesNothing() {
        JsonNode shown = post(request("shown", "ReplicatedMergeTree", "[\"order_id\"]", true), 200);

        assertThat(shown.path("created").asBoolean()).isFalse();
        assertThat(shown.path("ddl").asString()).isEqualTo("CREATE TABLE `" + DATABASE + "`.`shown`\n(\n"
                + "    `order_id` String,\n    `amount` Float64,\n    `created_at` DateTime\n)\n"
                + "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + DATABASE + ".shown', '{replica}')\n"
                + "ORDER BY (`order_id`)");
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM system.tables WHERE database = '" + DATABASE
                + "' AND name = 'shown'")).isZero();
    }

    @Test
    void createsAReplicatedTableWithTheServersMacrosThatTheSinkWouldAccept() {
        JsonNode created = post(request("orders", "ReplicatedMergeTree", "[\"order_id\", \"created_at\"]", false), 201);

        assertThat(created.path("created").asBoolean()).isTrue();
        assertThat(CLICKHOUSE.queryRows("SELECT engine FROM system.tables WHERE database = '" + DATABASE
                + "' AND name = 'orders'")).containsExactly("ReplicatedMergeTree");
        assertThat(CLICKHOUSE.queryRows("SELECT concat(name, ' ', type) FROM system.columns WHERE database = '"
                + DATABASE + "' AND table = 'orders'"))
            .containsExactly("order_id String", "amount Float64", "created_at DateTime");
        CLICKHOUSE.execute("INSERT INTO " + DATABASE + ".orders VALUES ('o-1', 12.5, '2026-12-04 10:00:00')");
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + DATABASE + ".orders")).isEqualTo(1);
    }

    @Test
    void aTableThatExistsIsAConflictNamingIt() {
        post(request("twice", "MergeTree", "[]", false), 201);

        JsonNode problem = post(request("twice", "MergeTree", "[]", false), 409);
        assertThat(problem.path("detail").asString()).isEqualTo("Table " + DATABASE + ".twice exists already: choose it,"
                + " or another name.");
        assertThat(problem.path("errors").get(0).path("path").asString()).isEqualTo("$.table");
    }

    @Test
    void aStatementClickHouseRefusesIsUnprocessableWithClickHousesReason() {
        JsonNode problem = post(request("orders", "MergeTree", "[]", false)
            .replace("\"database\": \"" + DATABASE + "\"", "\"database\": \"" + DATABASE + "_missing\""), 422);

        assertThat(problem.path("detail").asString()).startsWith("Database '" + DATABASE + "_missing' does not exist");
    }

    @Test
    void namesCannotBreakOutOfTheirQuotes() {
        String body = request("we`ird", "MergeTree", "[]", false).replace("\"name\": \"amount\"",
                "\"name\": \"a`) ENGINE = Memory; DROP DATABASE x --\"");
        post(body, 201);

        assertThat(CLICKHOUSE.queryRows("SELECT engine FROM system.tables WHERE database = '" + DATABASE
                + "' AND name = 'we`ird'")).containsExactly("MergeTree");
        assertThat(CLICKHOUSE.queryRows("SELECT name FROM system.columns WHERE database = '" + DATABASE
                + "' AND table = 'we`ird'")).contains("a`) ENGINE = Memory; DROP DATABASE x --");
    }

    @Test
    void aTypeTheSinkCannotWriteAndASortKeyThatIsNoColumnAreRefusedByField() {
        String body = request("bad", "MergeTree", "[\"nope\"]", false).replace("\"Float64\"", "\"Float64) ENGINE = Log --\"");
        JsonNode problem = post(body, 400);

        assertThat(problem.path("errors").findValuesAsString("path")).containsExactly("$.columns[1].type", "$.orderBy[0]");
        assertThat(problem.toString()).contains("nope is not one");
    }

    @Test
    void onlyAnAdminMayCreateATable() {
        HttpResponse<String> token = client().post("/api/v1/tokens", "{\"name\": \"" + NAMESPACE.id() + "-reader\"}");
        ApiTestClient reader = client().withToken(JSON.readTree(token.body()).path("token").asString());

        HttpResponse<String> refused = reader.post(PATH, request("sneaky", "MergeTree", "[]", false));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Only an admin may create tables.");
    }

    private static String request(String table, String engine, String orderBy, boolean dryRun) {
        return "{\"connection\": {\"url\": \"" + URL + "\", \"username\": \"default\"}, \"database\": \"" + DATABASE
                + "\", \"table\": \"" + table.replace("\"", "\\\"") + "\", \"columns\": [{\"name\": \"order_id\", \"type\": \"String\"},"
                + " {\"name\": \"amount\", \"type\": \"Float64\"}, {\"name\": \"created_at\", \"type\": \"DateTime\"}],"
                + " \"engine\": \"" + engine + "\", \"orderBy\": " + orderBy + ", \"dryRun\": " + dryRun + "}";
    }

    private ApiTestClient client() {
        return ApiTestClient.onLocalPort(this.port);
    }

    private JsonNode post(String body, int expectedStatus) {
        HttpResponse<String> response = client().post(PATH, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

}

package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClickHouseConnectionEndpointsIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(ClickHouseConnectionEndpointsIntegrationTests.class);

    static final String URL = LocalEndpoints.fromEnvironment().clickHouseUrl();

    static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(URL);

    static final String DATABASE = NAMESPACE.clickHouseDatabase();

    static final JsonMapper JSON = JsonMapper.builder().build();

    // A password-protected user of the ClickHouse that deploy/local/servers.sh runs.
    static final String TEST_USER = "sluice_test";

    static final String TEST_PASSWORD = "sluice-test-password";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
        // Shorter than the 10 s default so that a stalled TLS handshake fails the test quickly.
        registry.add("sluice.connections.timeout", () -> "5s");
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void tables() {
        CLICKHOUSE.createDatabase(DATABASE);
        CLICKHOUSE.execute("CREATE TABLE " + DATABASE + ".orders (id String, at DateTime, amount Float64,"
                + " tags Array(String), note Nullable(String)) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/"
                + DATABASE + "/orders', '{replica}') ORDER BY id");
        CLICKHOUSE.execute("CREATE TABLE " + DATABASE + ".audit (line String) ENGINE = Memory");
    }

    @AfterAll
    static void dropDatabase() {
        CLICKHOUSE.dropDatabase(DATABASE);
    }

    @Test
    void testReportsTheServerVersionAndThatItLacksTheDeduplicationToken() {
        JsonNode result = post("/api/v1/connections/clickhouse/test", "{\"url\": \"" + URL + "\", \"username\": \"default\"}", 200);

        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(result.path("version").asString()).startsWith("18.16");
        assertThat(result.path("insertDeduplicationTokenSupported").asBoolean(true)).isFalse();
    }

    @Test
    void testChecksTheDatabaseWhenGiven() {
        JsonNode existing = post("/api/v1/connections/clickhouse/test",
                "{\"url\": \"" + URL + "\", \"database\": \"" + DATABASE + "\"}", 200);
        JsonNode missing = post("/api/v1/connections/clickhouse/test",
                "{\"url\": \"" + URL + "\", \"database\": \"" + DATABASE + "_nope\"}", 200);

        assertThat(existing.path("ok").asBoolean()).isTrue();
        assertThat(missing.path("ok").asBoolean()).isFalse();
        assertThat(missing.path("failure").asString()).isEqualTo("not-found");
        assertThat(missing.path("error").asString()).isEqualTo("Database '" + DATABASE + "_nope' does not exist");
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() {
        JsonNode result = post("/api/v1/connections/clickhouse/test",
                "{\"url\": \"" + URL + "\", \"username\": \"default\", \"password\": \"wrong\"}", 200);

        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("failure").asString()).isEqualTo("authentication");
        assertThat(result.path("error").asString()).isEqualTo("ClickHouse rejected the credentials: Wrong password for user default");
        assertThat(result.toString()).doesNotContain("\"wrong\"");
    }

    @Test
    void unreachableServerIsNamed() {
        JsonNode result = post("/api/v1/connections/clickhouse/test", "{\"url\": \"http://127.0.0.1:1\"}", 200);

        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("failure").asString()).isEqualTo("unreachable");
        assertThat(result.path("error").asString()).startsWith("Cannot connect to ClickHouse at http://127.0.0.1:1");
    }

    @Test
    void httpsAgainstThePlainHttpPortIsATlsFailure() {
        String https = URL.replaceFirst("^http:", "https:");
        JsonNode result = post("/api/v1/connections/clickhouse/test", "{\"url\": \"" + https + "\"}", 200);

        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("failure").asString()).isEqualTo("tls");
        // The server either rejects the handshake or waits on it; both are named as TLS problems.
        assertThat(result.path("error").asString()).contains("ClickHouse at " + https, "TLS handshake");
    }

    @Test
    void listsTheTablesOfADatabaseWithTheirEngines() {
        JsonNode result = post("/api/v1/connections/clickhouse/tables", tablesRequest(DATABASE), 200);

        assertThat(result.path("database").asString()).isEqualTo(DATABASE);
        assertThat(rows(result.path("tables"), "engine")).containsExactly("audit:Memory", "orders:ReplicatedMergeTree");
    }

    @Test
    void listsTheColumnsOfATableInTheirOrder() {
        JsonNode result = post("/api/v1/connections/clickhouse/columns", columnsRequest(DATABASE, "orders"), 200);

        assertThat(rows(result.path("columns"), "type")).containsExactly("id:String", "at:DateTime", "amount:Float64",
                "tags:Array(String)", "note:Nullable(String)");
    }

    @Test
    void wrongDatabaseIsAnUnprocessableProblem() {
        HttpResponse<String> tables = client().post("/api/v1/connections/clickhouse/tables", tablesRequest("no_such_db"));
        HttpResponse<String> columns = client().post("/api/v1/connections/clickhouse/columns",
                columnsRequest("no_such_db", "orders"));

        assertThat(tables.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(tables.body()).path("detail").asString()).isEqualTo("Database 'no_such_db' does not exist");
        assertThat(columns.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(columns.body()).path("detail").asString()).isEqualTo("Database 'no_such_db' does not exist");
    }

    @Test
    void unknownTableIsAnUnprocessableProblem() {
        HttpResponse<String> response = client().post("/api/v1/connections/clickhouse/columns", columnsRequest(DATABASE, "nope"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("detail").asString())
            .isEqualTo("Table 'nope' does not exist in database '" + DATABASE + "'");
    }

    @Test
    void injectionAttemptsInNamesAreHarmless() {
        String[] attempts = { "orders' OR '1'='1", "orders\\' OR 1=1 --", "x'; DROP DATABASE " + DATABASE + "; --",
                "orders' UNION SELECT name, engine FROM system.tables --" };
        for (String attempt : attempts) {
            HttpResponse<String> columns = client().post("/api/v1/connections/clickhouse/columns",
                    columnsRequest(DATABASE, attempt));
            HttpResponse<String> tables = client().post("/api/v1/connections/clickhouse/tables", tablesRequest(attempt));

            assertThat(columns.statusCode()).as(attempt).isEqualTo(422);
            assertThat(JSON.readTree(columns.body()).path("detail").asString()).as(attempt).startsWith("Table '");
            assertThat(tables.statusCode()).as(attempt).isEqualTo(422);
        }
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM system.tables WHERE database = '" + DATABASE + "'")).isEqualTo(2);
    }

    @Test
    void aRequestWithoutUrlOrTableListsEveryProblem() {
        HttpResponse<String> response = client().post("/api/v1/connections/clickhouse/columns",
                "{\"connection\": {\"url\": \"ftp://x\"}, \"database\": \"\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        List<String> paths = new ArrayList<>();
        JSON.readTree(response.body()).path("errors").forEach((error) -> paths.add(error.path("path").asString()));
        assertThat(paths).containsExactly("$.connection.url", "$.database", "$.table");
    }

    @Test
    void aMaskedPasswordIsTakenFromTheNamedPipelineButOnlyForTheServerAndUserItWasStoredFor() throws Exception {
        Assumptions.assumeTrue(logsIn(TEST_USER, TEST_PASSWORD),
                "this ClickHouse has no user " + TEST_USER + " (deploy/local/servers.sh creates it)");
        ObjectNode definition = (ObjectNode) JSON.readTree(getClass().getResourceAsStream("/examples/orders-dedup.json"));
        definition.put("id", "masked-password");
        ((ObjectNode) definition.get("sink")).put("url", URL).put("username", TEST_USER).put("password", TEST_PASSWORD);
        assertThat(client().post("/api/v1/pipelines", definition.toString()).statusCode()).isEqualTo(201);
        String masked = "{\"url\": \"" + URL + "\", \"username\": \"" + TEST_USER + "\", \"password\": \"********\"}";

        JsonNode tested = post("/api/v1/connections/clickhouse/test?pipeline=masked-password", masked, 200);
        JsonNode tables = post("/api/v1/connections/clickhouse/tables?pipeline=masked-password",
                "{\"connection\": " + masked + ", \"database\": \"" + DATABASE + "\"}", 200);
        JsonNode unnamed = post("/api/v1/connections/clickhouse/test", masked, 400);
        JsonNode otherUser = post("/api/v1/connections/clickhouse/test?pipeline=masked-password",
                masked.replace(TEST_USER, "default"), 400);

        assertThat(tested.path("ok").asBoolean()).as(tested.toString()).isTrue();
        assertThat(rows(tables.path("tables"), "engine")).anyMatch((row) -> row.startsWith("orders:"));
        assertThat(unnamed.path("errors").get(0).path("path").asString()).isEqualTo("$.password");
        assertThat(unnamed.path("errors").get(0).path("message").asString()).isEqualTo(MaskedSecrets.NO_PIPELINE);
        assertThat(otherUser.path("errors").get(0).path("message").asString())
                .isEqualTo("re-enter the password: the username changed");
    }

    private static boolean logsIn(String user, String password) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(URL
                + "/?query=SELECT%201&user=" + user + "&password=" + password)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200;
    }

    private static String tablesRequest(String database) {
        return "{\"connection\": {\"url\": \"" + URL + "\"}, \"database\": " + JSON.writeValueAsString(database) + "}";
    }

    private static String columnsRequest(String database, String table) {
        return "{\"connection\": {\"url\": \"" + URL + "\"}, \"database\": " + JSON.writeValueAsString(database)
                + ", \"table\": " + JSON.writeValueAsString(table) + "}";
    }

    private static List<String> rows(JsonNode array, String second) {
        List<String> rows = new ArrayList<>();
        array.forEach((row) -> rows.add(row.path("name").asString() + ":" + row.path(second).asString()));
        return rows;
    }

    private ApiTestClient client() {
        return ApiTestClient.onLocalPort(port);
    }

    private JsonNode post(String path, String body, int expectedStatus) {
        HttpResponse<String> response = client().post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}

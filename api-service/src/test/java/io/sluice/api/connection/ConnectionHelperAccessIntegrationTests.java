package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connection helpers make the api-service open connections where the caller says: only admin
 * tokens may point them anywhere, other tokens only at the allowed hosts, and no caller gets to
 * read what a server that is not ClickHouse answered.
 */
@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.KAFKA })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConnectionHelperAccessIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(ConnectionHelperAccessIntegrationTests.class);

    static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
        // The Kafka of the tests, by host and port: its other ports are not allowed.
        registry.add("sluice.connections.allowed-hosts", () -> ENDPOINTS.kafkaBootstrapServers().split(",")[0]);
    }

    @LocalServerPort
    int port;

    @Test
    void nonAdminTokenCannotMakeTheServiceConnectToAHostOffTheAllowList() throws Exception {
        ApiTestClient script = nonAdmin("probe-off-list");
        try (CapturingHttpServer internal = new CapturingHttpServer(200, "{\"data\": []}")) {
            HttpResponse<String> clickHouse = script.post("/api/v1/connections/clickhouse/test",
                    "{\"url\": \"" + internal.url() + "\"}");
            HttpResponse<String> tables = script.post("/api/v1/connections/clickhouse/tables",
                    "{\"connection\": {\"url\": \"" + internal.url() + "/admin\"}, \"database\": \"x\"}");
            HttpResponse<String> kafka = script.post("/api/v1/connections/kafka/test",
                    "{\"connection\": {\"brokers\": [\"127.0.0.1:" + internal.port() + "\"]}}");

            assertThat(clickHouse.statusCode()).as(clickHouse.body()).isEqualTo(403);
            assertThat(errorPaths(clickHouse)).containsExactly("$.url");
            assertThat(tables.statusCode()).as(tables.body()).isEqualTo(403);
            assertThat(errorPaths(tables)).containsExactly("$.connection.url");
            assertThat(kafka.statusCode()).as(kafka.body()).isEqualTo(403);
            assertThat(errorPaths(kafka)).containsExactly("$.connection.brokers[0]");
            assertThat(clickHouse.body()).contains("sluice.connections.allowed-hosts");
            assertThat(internal.requests()).isZero();
        }
    }

    @Test
    void nonAdminTokenMayUseAHostOnTheAllowList() {
        HttpResponse<String> kafka = nonAdmin("probe-on-list").post("/api/v1/connections/kafka/test",
                "{\"connection\": {\"brokers\": [\"" + ENDPOINTS.kafkaBootstrapServers().split(",")[0] + "\"]}}");

        assertThat(kafka.statusCode()).as(kafka.body()).isEqualTo(200);
        assertThat(JSON.readTree(kafka.body()).path("ok").asBoolean()).as(kafka.body()).isTrue();
    }

    @Test
    void answerOfAServerThatIsNotClickHouseIsClassifiedNeverEchoed() throws Exception {
        String marker = "internal-only-" + UUID.randomUUID();
        try (CapturingHttpServer internal = new CapturingHttpServer(404, "<html>" + marker + "</html>");
                CapturingHttpServer failing = new CapturingHttpServer(500, "stack trace " + marker)) {
            HttpResponse<String> notFound = admin().post("/api/v1/connections/clickhouse/test", "{\"url\": \"" + internal.url() + "\"}");
            HttpResponse<String> serverError = admin().post("/api/v1/connections/clickhouse/tables",
                    "{\"connection\": {\"url\": \"" + failing.url() + "\"}, \"database\": \"x\"}");

            // The admin may reach the host, but learns only what kind of answer came back.
            assertThat(internal.requests()).isPositive();
            assertThat(notFound.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(notFound.body()).path("failure").asString()).isEqualTo("failed");
            assertThat(notFound.body()).contains("HTTP 404", "does not look like ClickHouse").doesNotContain(marker, "html");
            assertThat(serverError.statusCode()).isEqualTo(502);
            assertThat(serverError.body()).contains("HTTP 500").doesNotContain(marker, "stack trace");
        }
    }

    @Test
    void credentialsInsideAClickHouseUrlAreRefusedWithoutBeingEchoed() {
        String password = "pw-" + UUID.randomUUID();

        HttpResponse<String> tested = admin().post("/api/v1/connections/clickhouse/test",
                "{\"url\": \"http://writer:" + password + "@127.0.0.1:1\"}");

        assertThat(tested.statusCode()).isEqualTo(400);
        assertThat(errorPaths(tested)).containsExactly("$.url");
        assertThat(tested.body()).contains("must not contain a user or password").doesNotContain(password);
    }

    private ApiTestClient admin() {
        return ApiTestClient.onLocalPort(this.port);
    }

    private ApiTestClient nonAdmin(String name) {
        HttpResponse<String> created = admin().post("/api/v1/tokens", "{\"name\": \"" + name + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return admin().withToken(JSON.readTree(created.body()).path("token").asString());
    }

    private static java.util.List<String> errorPaths(HttpResponse<String> response) {
        java.util.List<String> paths = new java.util.ArrayList<>();
        JSON.readTree(response.body()).path("errors").forEach((error) -> paths.add(error.path("path").asString()));
        return paths;
    }

}

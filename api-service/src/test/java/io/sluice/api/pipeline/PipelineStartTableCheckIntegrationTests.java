package io.sluice.api.pipeline;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A start or resume judges the pipeline's ClickHouse table by the sink's own rule and answers at
 * once: a table that does not drop a replayed insert is refused with the reason (not a pipeline
 * that reports {@code failed} seconds later), accepted at-least-once comes with a warning.
 */
@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordingDistributor.Configuration.class)
class PipelineStartTableCheckIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineStartTableCheckIntegrationTests.class);

    static final String URL = LocalEndpoints.fromEnvironment().clickHouseUrl();

    static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(URL);

    static final String DATABASE = NAMESPACE.clickHouseDatabase();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    ApiTestClient api;

    @BeforeAll
    static void tables() {
        CLICKHOUSE.createDatabase(DATABASE);
        String columns = "(order_id String, customer_id UInt64, amount Float64, status String, created_at DateTime)";
        CLICKHOUSE.execute("CREATE TABLE " + DATABASE + ".replicated " + columns + " ENGINE = ReplicatedMergeTree("
                + "'/clickhouse/tables/{shard}/" + DATABASE + "/replicated', '{replica}') ORDER BY order_id");
        CLICKHOUSE.execute("CREATE TABLE " + DATABASE + ".plain " + columns + " ENGINE = MergeTree() ORDER BY order_id");
    }

    @AfterAll
    static void dropDatabase() {
        CLICKHOUSE.dropDatabase(DATABASE);
    }

    @BeforeEach
    void client() {
        this.api = ApiTestClient.onLocalPort(this.port);
    }

    @Test
    void startingIntoAPlainMergeTreeIsRefusedWithTheReasonAndTheWayOut() {
        String id = create("plain-refused", "plain", false);

        HttpResponse<String> response = this.api.post("/api/v1/pipelines/" + id + "/start", "");

        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode problem = Definitions.JSON.readTree(response.body());
        assertThat(problem.path("title").asString()).isEqualTo("Pipeline cannot run");
        assertThat(problem.path("detail").asString())
                .startsWith("table " + DATABASE + ".plain uses the MergeTree engine, which does not drop a replayed insert")
                .contains("Use ReplicatedMergeTree").contains("\"allowAtLeastOnce\": true");
        assertThat(status(id)).isEqualTo("created");
    }

    @Test
    void startingIntoAPlainMergeTreeAcceptedAtLeastOnceAnswersWithTheWarning() {
        String id = create("plain-accepted", "plain", true);

        HttpResponse<String> response = this.api.post("/api/v1/pipelines/" + id + "/start", "");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode pipeline = Definitions.JSON.readTree(response.body());
        assertThat(pipeline.path("status").asString()).isEqualTo("running");
        assertThat(pipeline.path("warnings").get(0).asString())
                .startsWith("table " + DATABASE + ".plain uses the MergeTree engine")
                .endsWith("(at-least-once accepted by the pipeline's allowAtLeastOnce)");
    }

    @Test
    void startingIntoAReplicatedTableAnswersWithoutWarnings() {
        String id = create("replicated", "replicated", false);

        HttpResponse<String> response = this.api.post("/api/v1/pipelines/" + id + "/start", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Definitions.JSON.readTree(response.body()).has("warnings")).isFalse();
    }

    @Test
    void aMissingTableOrAnUnreachableServerIsAWarningNotARefusal() {
        String missing = create("missing", "nope", false);
        String unreachable = createAt("unreachable", "replicated", "http://127.0.0.1:1");

        HttpResponse<String> first = this.api.post("/api/v1/pipelines/" + missing + "/start", "");
        HttpResponse<String> second = this.api.post("/api/v1/pipelines/" + unreachable + "/start", "");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Definitions.JSON.readTree(first.body()).path("warnings").get(0).asString())
                .startsWith("table " + DATABASE + ".nope does not exist on " + URL + " yet");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(Definitions.JSON.readTree(second.body()).path("warnings").get(0).asString())
                .startsWith("could not check table " + DATABASE + ".replicated now (Cannot connect to ClickHouse at http://127.0.0.1:1");
    }

    @Test
    void resumingAPipelineEditedToAPlainMergeTreeIsRefusedAndItStaysPaused() {
        String id = create("edited", "replicated", false);
        assertThat(this.api.post("/api/v1/pipelines/" + id + "/start", "").statusCode()).isEqualTo(200);
        assertThat(this.api.post("/api/v1/pipelines/" + id + "/pause", "").statusCode()).isEqualTo(200);
        HttpResponse<String> read = this.api.get("/api/v1/pipelines/" + id);
        ObjectNode definition = (ObjectNode) Definitions.JSON.readTree(read.body()).get("definition");
        ((ObjectNode) definition.get("sink")).put("table", "plain");
        HttpResponse<String> edit = this.api.put("/api/v1/pipelines/" + id, definition.toString(),
                read.headers().firstValue("ETag").orElseThrow());
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);

        HttpResponse<String> response = this.api.post("/api/v1/pipelines/" + id + "/resume", "");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(status(id)).isEqualTo("paused");
    }

    private String create(String id, String table, boolean allowAtLeastOnce) {
        ObjectNode tree = Definitions.exampleTree();
        tree.put("id", id);
        ObjectNode sink = (ObjectNode) tree.get("sink");
        sink.put("url", URL).put("database", DATABASE).put("table", table);
        if (allowAtLeastOnce) {
            sink.put("allowAtLeastOnce", true);
        }
        HttpResponse<String> created = this.api.post("/api/v1/pipelines", tree.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return tree.path("id").asString();
    }

    private String createAt(String id, String table, String url) {
        ObjectNode tree = Definitions.exampleTree();
        tree.put("id", id);
        ((ObjectNode) tree.get("sink")).put("url", url).put("database", DATABASE).put("table", table);
        HttpResponse<String> created = this.api.post("/api/v1/pipelines", tree.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return tree.path("id").asString();
    }

    private String status(String id) {
        return Definitions.JSON.readTree(this.api.get("/api/v1/pipelines/" + id).body()).path("status").asString();
    }
}

package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.model.control.DesiredState;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.KAFKA, RealServer.REDIS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordingDistributor.Configuration.class)
class PipelineApiIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineApiIntegrationTests.class);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
        // No worker runs here: a deleted pipeline's data may go at the first check. Its removal
        // deletes the example's Kafka consumer group and dedup keys: on the local servers, keys
        // under this class's prefix.
        registry.add("sluice.removal.quiet-period", () -> "0s");
        registry.add("sluice.removal.check-interval", () -> "100ms");
        registry.add("sluice.dedup.redis-uri", () -> LocalEndpoints.fromEnvironment().redisUri());
        registry.add("sluice.dedup.key-prefix", NAMESPACE::redisPrefix);
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingDistributor distributor;

    ApiTestClient api;

    @BeforeEach
    void client() {
        this.api = ApiTestClient.onLocalPort(this.port);
    }

    @Test
    void createdPipelineCanBeReadBackWithItsVersionAsETag() {
        HttpResponse<String> created = this.api.post("/api/v1/pipelines", Definitions.withId("crud-create"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/pipelines/crud-create");
        assertThat(created.headers().firstValue("ETag")).hasValue("\"0\"");
        JsonNode body = Definitions.parse(created.body());
        assertThat(body.get("status").asString()).isEqualTo("created");
        assertThat(body.get("version").asLong()).isZero();

        HttpResponse<String> read = this.api.get("/api/v1/pipelines/crud-create");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"0\"");
        JsonNode pipeline = Definitions.parse(read.body());
        assertThat(pipeline.get("id").asString()).isEqualTo("crud-create");
        assertThat(pipeline.get("name").asString()).isEqualTo("Orders without duplicates");
        assertThat(pipeline.get("createdAt").asString()).isEqualTo(body.get("createdAt").asString());
        assertThat(pipeline.get("definition").get("sink").get("table").asString()).isEqualTo("orders");
        assertThat(pipeline.get("definition").get("sources").get(0).get("dedup").get("window").asString()).isEqualTo("1h");
    }

    @Test
    void creationIsPublishedToWorkersAsStopped() {
        this.api.post("/api/v1/pipelines", Definitions.withId("crud-published"));

        assertThat(this.distributor.published("crud-published")).singleElement().satisfies((published) -> {
            assertThat(published.desiredState()).isEqualTo(DesiredState.STOPPED);
            assertThat(published.definition().sink().table()).isEqualTo("orders");
        });
    }

    @Test
    void creatingAnExistingIdIsAConflictAndChangesNothing() {
        this.api.post("/api/v1/pipelines", Definitions.withId("crud-twice"));

        ObjectNode other = Definitions.exampleTree().put("id", "crud-twice").put("name", "Another");
        HttpResponse<String> again = this.api.post("/api/v1/pipelines", other.toString());

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Definitions.parse(again.body()).get("detail").asString()).contains("\"crud-twice\" exists already");
        assertThat(Definitions.parse(this.api.get("/api/v1/pipelines/crud-twice").body()).get("name").asString())
            .isEqualTo("Orders without duplicates");
        assertThat(this.distributor.published("crud-twice")).hasSize(1);
    }

    @Test
    void ruleViolationsAreAnsweredWith422ListingEachPath() {
        ObjectNode tree = Definitions.exampleTree().put("id", "Bad Id");
        ((ObjectNode) tree.get("sources").get(0).get("dedup")).put("window", "-5m");

        HttpResponse<String> response = this.api.post("/api/v1/pipelines", tree.toString());

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = Definitions.parse(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(paths(problem)).contains("$.id", "$.sources[0].dedup.window");
    }

    @Test
    void listsPipelinesPageByPageInIdOrder() {
        for (String id : List.of("list-c", "list-a", "list-b")) {
            this.api.post("/api/v1/pipelines", Definitions.withId(id));
        }

        List<String> ids = new ArrayList<>();
        long total = -1;
        for (int page = 0; ; page++) {
            JsonNode list = Definitions.parse(this.api.get("/api/v1/pipelines?size=2&page=" + page).body());
            assertThat(list.get("items").size()).isLessThanOrEqualTo(2);
            list.get("items").forEach((item) -> ids.add(item.get("id").asString()));
            total = list.get("page").get("totalElements").asLong();
            if (page + 1 >= list.get("page").get("totalPages").asInt()) {
                break;
            }
        }

        assertThat(ids).hasSize((int) total).doesNotHaveDuplicates().isSorted().contains("list-a", "list-b", "list-c");
    }

    @Test
    void listItemsCarryIdNameStatusAndUpdateTime() {
        this.api.post("/api/v1/pipelines", Definitions.withId("list-item"));

        JsonNode list = Definitions.parse(this.api.get("/api/v1/pipelines?size=100").body());

        JsonNode item = find(list, "list-item");
        assertThat(item.get("name").asString()).isEqualTo("Orders without duplicates");
        assertThat(item.get("status").asString()).isEqualTo("created");
        assertThat(item.get("updatedAt").asString()).isNotBlank();
        assertThat(item.has("definition")).isFalse();
    }

    @Test
    void filtersTheListByStatus() {
        this.api.post("/api/v1/pipelines", Definitions.withId("filter-running"));
        this.api.post("/api/v1/pipelines", Definitions.withId("filter-created"));
        this.api.post("/api/v1/pipelines/filter-running/start", "");

        JsonNode running = Definitions.parse(this.api.get("/api/v1/pipelines?status=running&size=100").body());

        assertThat(ids(running)).contains("filter-running").doesNotContain("filter-created");
        running.get("items").forEach((item) -> assertThat(item.get("status").asString()).isEqualTo("running"));
        assertThat(ids(Definitions.parse(this.api.get("/api/v1/pipelines?status=CREATED&size=100").body())))
            .contains("filter-created").doesNotContain("filter-running");
    }

    @Test
    void refusesPagesLargerThan100AndUnknownStatuses() {
        HttpResponse<String> tooLarge = this.api.get("/api/v1/pipelines?size=101");
        HttpResponse<String> negative = this.api.get("/api/v1/pipelines?page=-1");
        HttpResponse<String> unknownStatus = this.api.get("/api/v1/pipelines?status=sleeping");

        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(paths(Definitions.parse(tooLarge.body()))).containsExactly("size");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(unknownStatus.statusCode()).isEqualTo(400);
        assertThat(Definitions.parse(unknownStatus.body()).get("errors").get(0).get("message").asString())
            .isEqualTo("must be one of created, running, paused, stopped, failed");
    }

    @Test
    void editReplacesTheDefinitionAndAdvancesTheETag() {
        this.api.post("/api/v1/pipelines", Definitions.withId("edit-ok"));
        ObjectNode edited = Definitions.exampleTree().put("id", "edit-ok").put("name", "Renamed");
        ((ObjectNode) edited.get("sink")).put("table", "orders_v2");

        HttpResponse<String> response = this.api.put("/api/v1/pipelines/edit-ok", edited.toString(), "\"0\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        JsonNode read = Definitions.parse(this.api.get("/api/v1/pipelines/edit-ok").body());
        assertThat(read.get("name").asString()).isEqualTo("Renamed");
        assertThat(read.get("definition").get("sink").get("table").asString()).isEqualTo("orders_v2");
        assertThat(this.distributor.last("edit-ok")).hasValueSatisfying(
                (published) -> assertThat(published.definition().sink().table()).isEqualTo("orders_v2"));
    }

    @Test
    void editWithoutIfMatchIsRefusedWith428() {
        this.api.post("/api/v1/pipelines", Definitions.withId("edit-no-if-match"));

        HttpResponse<String> response = this.api.put("/api/v1/pipelines/edit-no-if-match",
                Definitions.withId("edit-no-if-match"), null);

        assertThat(response.statusCode()).isEqualTo(428);
        assertThat(paths(Definitions.parse(response.body()))).containsExactly("If-Match");
    }

    @Test
    void staleEditIsRefusedWith412AndTheCurrentETag() {
        this.api.post("/api/v1/pipelines", Definitions.withId("edit-stale"));
        this.api.put("/api/v1/pipelines/edit-stale", Definitions.exampleTree().put("id", "edit-stale")
            .put("name", "First edit").toString(), "\"0\"");

        HttpResponse<String> stale = this.api.put("/api/v1/pipelines/edit-stale", Definitions.exampleTree()
            .put("id", "edit-stale").put("name", "Second edit, from the old version").toString(), "\"0\"");

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(Definitions.parse(this.api.get("/api/v1/pipelines/edit-stale").body()).get("name").asString())
            .isEqualTo("First edit");
    }

    @Test
    void editOfARunningPipelineIsAConflict() {
        this.api.post("/api/v1/pipelines", Definitions.withId("edit-running"));
        this.api.post("/api/v1/pipelines/edit-running/start", "");

        HttpResponse<String> response = this.api.put("/api/v1/pipelines/edit-running",
                Definitions.withId("edit-running"), "\"1\"");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(Definitions.parse(response.body()).get("detail").asString())
            .isEqualTo("cannot edit a pipeline that is Running; pause or stop it first");
    }

    @Test
    void editMustKeepTheIdOfTheUrl() {
        this.api.post("/api/v1/pipelines", Definitions.withId("edit-id"));

        HttpResponse<String> response = this.api.put("/api/v1/pipelines/edit-id", Definitions.withId("edit-other-id"),
                "\"0\"");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(paths(Definitions.parse(response.body()))).containsExactly("$.id");
    }

    @Test
    void editIsValidatedLikeCreation() {
        this.api.post("/api/v1/pipelines", Definitions.withId("edit-invalid"));
        ObjectNode edited = Definitions.exampleTree().put("id", "edit-invalid");
        ((ObjectNode) edited.get("sink")).remove("table");

        HttpResponse<String> response = this.api.put("/api/v1/pipelines/edit-invalid", edited.toString(), "\"0\"");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(paths(Definitions.parse(response.body()))).containsExactly("$.sink.table");
    }

    @Test
    void deletedPipelineIsGoneAndWorkersAreTold() {
        this.api.post("/api/v1/pipelines", Definitions.withId("delete-me"));

        HttpResponse<String> deleted = this.api.delete("/api/v1/pipelines/delete-me");

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(this.api.get("/api/v1/pipelines/delete-me").statusCode()).isEqualTo(404);
        assertThat(this.api.delete("/api/v1/pipelines/delete-me").statusCode()).isEqualTo(404);
        assertThat(this.distributor.wasRemoved("delete-me")).isTrue();
    }

    @Test
    void aRunningPipelineCanBeDeletedAndTheDeletionIsKeptInItsHistory() {
        this.api.post("/api/v1/pipelines", Definitions.withId("delete-running"));
        this.api.post("/api/v1/pipelines/delete-running/start", "");
        long runningRevision = this.distributor.last("delete-running").orElseThrow().revision();

        assertThat(this.api.delete("/api/v1/pipelines/delete-running").statusCode()).isEqualTo(204);
        assertThat(this.distributor.wasRemoved("delete-running")).isTrue();

        // Created again under the same id (once its NATS data is removed): its history shows the
        // earlier life, and workers see a newer revision.
        await().atMost(Duration.ofSeconds(10))
            .until(() -> this.api.post("/api/v1/pipelines", Definitions.withId("delete-running")).statusCode() == 201);
        JsonNode events = Definitions.parse(this.api.get("/api/v1/pipelines/delete-running/events").body());
        assertThat(kinds(events)).containsExactly("created", "deleted", "started", "created");
        assertThat(events.get("items").get(1).get("reason").asString())
            .isEqualTo("deleted while Running; workers are told to stop it");
        assertThat(this.distributor.last("delete-running").orElseThrow().revision()).isGreaterThan(runningRevision);
    }

    @Test
    void deleteWithAStaleIfMatchIsRefused() {
        this.api.post("/api/v1/pipelines", Definitions.withId("delete-stale"));
        this.api.post("/api/v1/pipelines/delete-stale/start", "");

        HttpResponse<String> response = this.api.send(this.api.request("/api/v1/pipelines/delete-stale")
            .header("If-Match", "\"0\"").DELETE());

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(this.api.get("/api/v1/pipelines/delete-stale").statusCode()).isEqualTo(200);
    }

    @Test
    void historyListsEveryChangeNewestFirstWithWhoAndWhy() {
        this.api.post("/api/v1/pipelines", Definitions.withId("history"));
        this.api.post("/api/v1/pipelines/history/start", "");
        this.api.post("/api/v1/pipelines/history/pause", "{\"reason\":\"ClickHouse maintenance\"}");
        this.api.put("/api/v1/pipelines/history", Definitions.withId("history"), "\"2\"");
        this.api.post("/api/v1/pipelines/history/resume", "");
        this.api.post("/api/v1/pipelines/history/stop", "");

        HttpResponse<String> response = this.api.get("/api/v1/pipelines/history/events");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode events = Definitions.parse(response.body());
        assertThat(kinds(events)).containsExactly("stopped", "resumed", "edited", "paused", "started", "created");
        JsonNode paused = events.get("items").get(3);
        assertThat(paused.get("from").asString()).isEqualTo("running");
        assertThat(paused.get("to").asString()).isEqualTo("paused");
        assertThat(paused.get("reason").asString()).isEqualTo("ClickHouse maintenance");
        assertThat(paused.get("actor").asString()).isEqualTo("bootstrap");
        assertThat(paused.get("at").asString()).isNotBlank();
        assertThat(events.get("items").get(5).get("from").isNull()).isTrue();
        assertThat(events.get("items").get(0).get("reason").asString()).isEqualTo("stop requested");
    }

    @Test
    void exportedDefinitionImportsAgainOnceItsSecretsAreFilledIn() {
        this.api.post("/api/v1/pipelines", Definitions.withSecrets("export-me", "kafka-secret",
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "ch-secret").toString());

        HttpResponse<String> exported = this.api.get("/api/v1/pipelines/export-me/export");

        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Disposition"))
            .hasValue("attachment; filename=\"export-me.json\"");
        assertThat(exported.body()).doesNotContain("kafka-secret", "ch-secret", "MIIB").contains("\"********\"");

        ObjectNode copy = (ObjectNode) Definitions.parse(exported.body());
        copy.put("id", "imported");
        HttpResponse<String> masked = this.api.post("/api/v1/pipelines/import", copy.toString());
        assertThat(masked.statusCode()).isEqualTo(422);
        JsonNode problem = Definitions.parse(masked.body());
        assertThat(paths(problem)).contains("$.sources[0].connection.password",
                "$.sources[0].connection.caCertificatePem", "$.sink.password");
        assertThat(problem.get("errors").get(problem.get("errors").size() - 1).get("message").asString())
            .isEqualTo("secret is masked; provide the real value");

        ObjectNode connection = (ObjectNode) copy.get("sources").get(0).get("connection");
        connection.put("password", "kafka-secret");
        connection.put("caCertificatePem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
        ((ObjectNode) copy.get("sink")).put("password", "ch-secret");
        assertThat(this.api.post("/api/v1/pipelines/import", copy.toString()).statusCode()).isEqualTo(201);

        JsonNode original = Definitions.parse(this.api.get("/api/v1/pipelines/export-me").body()).get("definition");
        JsonNode imported = Definitions.parse(this.api.get("/api/v1/pipelines/imported").body()).get("definition");
        assertThat(((ObjectNode) imported.deepCopy()).put("id", "export-me")).isEqualTo(original);
        assertThat(this.distributor.last("imported").orElseThrow().definition().sink().password()).isEqualTo("ch-secret");
    }

    @Test
    void importIsRecordedAsCreation() {
        this.api.post("/api/v1/pipelines/import", Definitions.withId("imported-plain"));

        JsonNode events = Definitions.parse(this.api.get("/api/v1/pipelines/imported-plain/events").body());

        assertThat(kinds(events)).containsExactly("created");
        assertThat(events.get("items").get(0).get("reason").asString()).isEqualTo("imported");
    }

    @Test
    void apiDocumentationDescribesThePipelineEndpoints() {
        ApiTestClient anonymous = this.api.withToken(null);

        HttpResponse<String> docs = anonymous.get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/pipelines/{id}/pause", "/api/v1/pipelines/{id}/start",
                "/api/v1/pipelines/{id}/events", "/api/v1/pipelines/import", "/api/v1/pipelines/{id}/export");
        // Swagger UI's "Authorize" and generated clients learn from this that calls take a bearer token.
        assertThat(docs.body()).contains("\"securitySchemes\":{\"bearer\":{\"type\":\"http\"", "\"scheme\":\"bearer\"");
        assertThat(anonymous.get("/swagger-ui.html").statusCode()).isIn(200, 302);
        assertThat(anonymous.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    static List<String> paths(JsonNode problem) {
        List<String> paths = new ArrayList<>();
        problem.get("errors").forEach((error) -> paths.add(error.get("path").asString()));
        return paths;
    }

    static List<String> kinds(JsonNode events) {
        List<String> kinds = new ArrayList<>();
        events.get("items").forEach((event) -> kinds.add(event.get("kind").asString()));
        return kinds;
    }

    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("items").forEach((item) -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode item : list.get("items")) {
            if (item.get("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no " + id + " in " + list);
    }

}

package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
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

/**
 * Editing a pipeline that has run may not change where its events go or what they are
 * deduplicated by: the stages keep their positions per route in the pipeline's NATS stream, so a
 * new route starts from the stream's start (a user measured every event twice in ClickHouse after
 * adding dedup to a paused pipeline) and the old route's events between stages are left behind.
 */
@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordingDistributor.Configuration.class)
class PipelineRoutingEditIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineRoutingEditIntegrationTests.class);

    private static final AtomicInteger PIPELINES = new AtomicInteger();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
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
    void refusesEditAddingDedupToAPipelineThatHasRun() {
        String id = pipelineThatHasRun("paused", withoutDedup().andThen(withoutFilter()));

        HttpResponse<String> response = edit(id, (tree) -> dedup(tree, "order_id"));

        assertRefused(id, response, "$.sources[0].dedup", "adding dedup to source \"orders\"");
    }

    @Test
    void refusesEditRemovingDedupFromAPipelineThatHasRun() {
        String id = pipelineThatHasRun("paused", withoutFilter());

        HttpResponse<String> response = edit(id, (tree) -> source(tree).remove("dedup"));

        assertRefused(id, response, "$.sources[0].dedup", "removing dedup from source \"orders\"");
    }

    @Test
    void refusesEditAddingAFilterToAStoppedPipelineWhoseSourceHasNoDedup() {
        String id = pipelineThatHasRun("stopped", (tree) -> {
            source(tree).remove("dedup");
            tree.remove("filter");
        });

        HttpResponse<String> response = edit(id, (tree) -> tree.put("filter", "amount > 0"));

        assertRefused(id, response, "$.filter", "adding a filter");
    }

    @Test
    void refusesEditRemovingTheFilterOfAPausedPipelineWhoseSourceHasNoDedup() {
        String id = pipelineThatHasRun("paused", withoutDedup());

        HttpResponse<String> response = edit(id, (tree) -> tree.remove("filter"));

        assertRefused(id, response, "$.filter", "removing the filter");
    }

    @Test
    void refusesEditChangingTheDedupKeyOfAPipelineThatHasRun() {
        String id = pipelineThatHasRun("paused", (tree) -> { });

        HttpResponse<String> response = edit(id, (tree) -> dedup(tree, "customer.id"));

        assertRefused(id, response, "$.sources[0].dedup.key", "changing the dedup key of source \"orders\"");
    }

    @Test
    void allowsEditOfAPausedPipelineThatKeepsItsRouting() {
        String id = pipelineThatHasRun("paused", (tree) -> { });
        int publishedBefore = this.distributor.published(id).size();

        HttpResponse<String> response = edit(id, (tree) -> {
            ((ObjectNode) source(tree).get("dedup")).put("window", "2h");
            tree.put("filter", "amount > 1");
            ((ObjectNode) tree.get("sink")).put("maxBatchSize", 1000).put("table", "orders_v2");
            ((ObjectNode) tree.get("sink").get("mapping").get(3)).put("column", "order_status");
            tree.put("name", "Renamed");
        });

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode stored = Definitions.parse(this.api.get("/api/v1/pipelines/" + id).body());
        assertThat(stored.get("status").asString()).isEqualTo("paused");
        assertThat(stored.get("definition").get("sources").get(0).get("dedup").get("window").asString()).isEqualTo("2h");
        assertThat(stored.get("definition").get("sink").get("table").asString()).isEqualTo("orders_v2");
        assertThat(this.distributor.published(id)).hasSize(publishedBefore + 1);
    }

    @Test
    void allowsAnyEditOfAPipelineThatNeverRan() {
        String id = "routing-" + PIPELINES.incrementAndGet();
        assertThat(this.api.post("/api/v1/pipelines", Definitions.withId(id)).statusCode()).isEqualTo(201);

        HttpResponse<String> response = edit(id, (tree) -> {
            source(tree).remove("dedup");
            tree.remove("filter");
        });

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode stored = Definitions.parse(this.api.get("/api/v1/pipelines/" + id).body());
        assertThat(stored.get("status").asString()).isEqualTo("created");
        assertThat(stored.get("definition").get("sources").get(0).has("dedup")).isFalse();
    }

    private void assertRefused(String id, HttpResponse<String> response, String path, String change) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = Definitions.parse(response.body());
        assertThat(problem.get("title").asString()).isEqualTo("Edit would re-deliver or lose events");
        assertThat(problem.get("detail").asString()).contains("\"" + id + "\" has run")
            .contains("delivered again").contains("new pipeline under a new id");
        JsonNode errors = problem.get("errors");
        assertThat(errors.size()).as(response.body()).isEqualTo(1);
        assertThat(errors.get(0).get("path").asString()).isEqualTo(path);
        assertThat(errors.get(0).get("message").asString()).startsWith(change);
        // Nothing changed: the stored definition, the workers, the history.
        JsonNode stored = Definitions.parse(this.api.get("/api/v1/pipelines/" + id).body());
        assertThat(stored.get("version").asLong()).isEqualTo(this.versionBeforeEdit);
        assertThat(this.distributor.published(id)).hasSize(this.publishedBeforeEdit);
        assertThat(Definitions.parse(this.api.get("/api/v1/pipelines/" + id + "/events").body()).get("items").get(0)
            .get("kind").asString()).isNotEqualTo("edited");
    }

    private long versionBeforeEdit;

    private int publishedBeforeEdit;

    /** A pipeline created from the example changed by {@code shape}, started, then paused or stopped. */
    private String pipelineThatHasRun(String state, Consumer<ObjectNode> shape) {
        String id = "routing-" + PIPELINES.incrementAndGet();
        ObjectNode tree = Definitions.exampleTree().put("id", id);
        shape.accept(tree);
        assertThat(this.api.post("/api/v1/pipelines", tree.toString()).statusCode()).isEqualTo(201);
        assertThat(this.api.post("/api/v1/pipelines/" + id + "/start", "").statusCode()).isEqualTo(200);
        String action = state.equals("paused") ? "pause" : "stop";
        assertThat(this.api.post("/api/v1/pipelines/" + id + "/" + action, "").statusCode()).isEqualTo(200);
        return id;
    }

    /** PUTs the stored definition changed by {@code change}, with the current ETag. */
    private HttpResponse<String> edit(String id, Consumer<ObjectNode> change) {
        HttpResponse<String> current = this.api.get("/api/v1/pipelines/" + id);
        JsonNode pipeline = Definitions.parse(current.body());
        this.versionBeforeEdit = pipeline.get("version").asLong();
        this.publishedBeforeEdit = this.distributor.published(id).size();
        ObjectNode tree = (ObjectNode) pipeline.get("definition").deepCopy();
        change.accept(tree);
        return this.api.put("/api/v1/pipelines/" + id, tree.toString(),
                current.headers().firstValue("ETag").orElseThrow());
    }

    private static Consumer<ObjectNode> withoutDedup() {
        return (tree) -> source(tree).remove("dedup");
    }

    private static Consumer<ObjectNode> withoutFilter() {
        return (tree) -> tree.remove("filter");
    }

    private static ObjectNode source(ObjectNode tree) {
        return (ObjectNode) tree.get("sources").get(0);
    }

    private static void dedup(ObjectNode tree, String keyField) {
        ObjectNode dedup = source(tree).putObject("dedup");
        dedup.putArray("key").add(keyField);
        dedup.put("window", "1h");
    }

}

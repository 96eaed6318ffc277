package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.api.distribution.DistributablePipeline;
import io.sluice.api.distribution.InMemoryPipelines;
import io.sluice.api.distribution.TestPipelines;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ReplicaHeartbeat;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Heartbeats written into the real status bucket, as workers write them, read back through the API. */
@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(InMemoryPipelines.class)
class PipelineStatusIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineStatusIntegrationTests.class);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @Autowired
    InMemoryPipelines pipelines;

    final NatsNames names = NatsNames.withPrefix(NAMESPACE.natsPrefix());

    Connection worker;

    KeyValue status;

    @BeforeEach
    void connectLikeAWorker() throws Exception {
        worker = Nats.connect(LocalEndpoints.fromEnvironment().natsUrl());
        status = worker.keyValue(names.statusBucket());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        worker.close();
    }

    @Test
    void aggregatesTheHeartbeatsOfAComponentsReplicasCountingAStaleOneAsNotReporting() throws Exception {
        pipelines.save(new DistributablePipeline(TestPipelines.definition("orders"), DesiredState.RUNNING, 1));
        Instant now = Instant.now();
        heartbeat(new WorkerStatus("orders", Component.DEDUP, "dedup-1", WorkerState.RUNNING, now.minusSeconds(2), 1000, 900, 100, 3, 40,
                null));
        heartbeat(new WorkerStatus("orders", Component.DEDUP, "dedup-2", WorkerState.RUNNING, now.minusSeconds(120), 500, 450, 50, 0,
                999, "Redis connection reset"));
        heartbeat(new WorkerStatus("orders", Component.SINK, "sink-1", WorkerState.RUNNING, now.minusSeconds(1), 900, 900, 0, 1, 5, null));
        // Another pipeline's replica, under a key that shares the prefix "orders".
        heartbeat(new WorkerStatus("orders-eu", Component.SINK, "sink-1", WorkerState.RUNNING, now, 7, 7, 0, 0, 0, null));

        JsonNode view = statusOnceMirrored("orders", status -> component(status, "dedup").path("replicas").size() == 2
                && component(status, "sink").path("replicas").size() == 1);

        assertThat(view.path("pipelineId").asString()).isEqualTo("orders");
        assertThat(view.path("distributionPending").asBoolean()).isFalse();
        JsonNode dedup = component(view, "dedup");
        assertThat(dedup.path("replicasReporting").asInt()).isEqualTo(1);
        assertThat(dedup.path("replicasStale").asInt()).isEqualTo(1);
        assertThat(dedup.path("eventsIn").asLong()).isEqualTo(1500);
        assertThat(dedup.path("duplicatesDropped").asLong()).isEqualTo(150);
        assertThat(dedup.path("maxLag").asLong()).isEqualTo(40);
        assertThat(dedup.path("lastError").asString()).isEqualTo("Redis connection reset");
        assertThat(Instant.parse(dedup.path("lastHeartbeat").asString())).isEqualTo(now.minusSeconds(2));
        assertThat(dedup.path("replicas")).hasSize(2);
        assertThat(dedup.path("replicas").get(1).path("reporting").asBoolean()).isFalse();
        JsonNode sink = component(view, "sink");
        assertThat(sink.path("replicasReporting").asInt()).isEqualTo(1);
        assertThat(sink.path("eventsOut").asLong()).isEqualTo(900);
        assertThat(component(view, "ingest").path("replicasReporting").asInt()).isZero();
        assertThat(component(view, "join").path("replicas")).isEmpty();
    }

    @Test
    void aReportNotRewrittenSinceItsCountersStoodStillIsCurrentWhileItsReplicasHeartbeatGoesOn() throws Exception {
        pipelines.save(new DistributablePipeline(TestPipelines.definition("resting"), DesiredState.RUNNING, 1));
        Instant now = Instant.now();
        Instant started = now.minus(Duration.ofHours(1));
        // Written 4 minutes ago by its replica's clock, which has vouched for it since, until 1 s ago.
        heartbeat(new WorkerStatus("resting", Component.SINK, "sink-1", WorkerState.RUNNING, now.minusSeconds(240), 900, 900,
                0, 0, 0, null));
        status.put(ControlKeys.replicaHeartbeatKey(Component.SINK, "sink-1"),
                ControlJson.write(new ReplicaHeartbeat(Component.SINK, "sink-1", now.minusSeconds(1), started)));
        // A replica of the same component whose heartbeat vouches only for what it wrote since its restart.
        heartbeat(new WorkerStatus("resting", Component.SINK, "sink-2", WorkerState.RUNNING, now.minusSeconds(240), 5, 5, 0, 0,
                0, null));
        status.put(ControlKeys.replicaHeartbeatKey(Component.SINK, "sink-2"),
                ControlJson.write(new ReplicaHeartbeat(Component.SINK, "sink-2", now.minusSeconds(1), now.minusSeconds(60))));

        JsonNode sink = component(statusOnceMirrored("resting",
                status -> component(status, "sink").path("replicas").size() == 2), "sink");

        assertThat(sink.path("replicasReporting").asInt()).isEqualTo(1);
        assertThat(sink.path("replicasStale").asInt()).isEqualTo(1);
        assertThat(Instant.parse(sink.path("lastHeartbeat").asString())).isEqualTo(now.minusSeconds(1));
        assertThat(sink.path("eventsOut").asLong()).isEqualTo(905);
    }

    @Test
    void aReplicasWarningShowsInTheStatusAndOnThePipelineInTheList() throws Exception {
        String mergeTree = "table db.t is a plain MergeTree: a sink crash can duplicate rows (accepted at-least-once)";
        // The list comes from PostgreSQL: create it through the API; the status endpoint asks the in-memory catalog.
        HttpResponse<String> created = ApiTestClient.onLocalPort(port).post("/api/v1/pipelines",
                PipelineJson.write(TestPipelines.definition("warned")));
        assertThat(created.statusCode()).isEqualTo(201);
        pipelines.save(new DistributablePipeline(TestPipelines.definition("warned"), DesiredState.RUNNING, 1));
        Instant now = Instant.now();
        heartbeat(new WorkerStatus("warned", Component.SINK, "sink-1", WorkerState.RUNNING, now, 10, 10, 0, 0, 0, null, null, null,
                List.of(mergeTree)));
        heartbeat(new WorkerStatus("warned", Component.SINK, "sink-2", WorkerState.RUNNING, now, 5, 5, 0, 0, 0, null, null, null,
                List.of(mergeTree)));
        heartbeat(new WorkerStatus("warned", Component.INGEST, "ingest-1", WorkerState.RUNNING, now, 15, 15, 0, 0, 0, null));

        JsonNode view = statusOnceMirrored("warned", status -> component(status, "sink").path("replicas").size() == 2
                && component(status, "ingest").path("replicas").size() == 1);

        assertThat(texts(view.path("warnings"))).containsExactly(mergeTree);
        assertThat(texts(component(view, "sink").path("warnings"))).containsExactly(mergeTree);
        assertThat(texts(component(view, "sink").path("replicas").get(0).path("warnings"))).containsExactly(mergeTree);
        assertThat(component(view, "sink").path("lastError").isNull()).isTrue();
        assertThat(component(view, "ingest").path("warnings").isArray()).isTrue();
        assertThat(component(view, "ingest").path("warnings")).isEmpty();
        assertThat(component(view, "sink").path("replicas").get(0).path("state").asString()).isEqualTo("running");

        HttpResponse<String> list = ApiTestClient.onLocalPort(port).get("/api/v1/pipelines?size=100");

        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode item = item(JsonMapper.shared().readTree(list.body()), "warned");
        assertThat(texts(item.path("warnings"))).containsExactly(mergeTree);
    }

    @Test
    void showsEachReplicasStateAsItsWorkerWroteItAndLeavesOutAComponentOfANewerWorker() throws Exception {
        pipelines.save(new DistributablePipeline(TestPipelines.definition("upgrading"), DesiredState.RUNNING, 1));
        String now = Instant.now().toString();
        // Written as raw JSON, as workers of another version would: a state and a component this version does not know.
        status.put("upgrading.ingest.ingest-1", ("{\"pipelineId\":\"upgrading\",\"component\":\"ingest\","
                + "\"replicaId\":\"ingest-1\",\"state\":\"paused\",\"heartbeatAt\":\"" + now + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        status.put("upgrading.sink.sink-1", ("{\"pipelineId\":\"upgrading\",\"component\":\"sink\","
                + "\"replicaId\":\"sink-1\",\"state\":\"draining\",\"heartbeatAt\":\"" + now + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        status.put("upgrading.enrich.enrich-1", ("{\"pipelineId\":\"upgrading\",\"component\":\"enrich\","
                + "\"replicaId\":\"enrich-1\",\"state\":\"running\",\"heartbeatAt\":\"" + now + "\"}")
                .getBytes(StandardCharsets.UTF_8));

        JsonNode view = statusOnceMirrored("upgrading", status -> component(status, "ingest").path("replicas").size() == 1
                && component(status, "sink").path("replicas").size() == 1);

        assertThat(view.toString()).contains("\"state\":\"paused\"", "\"state\":\"draining\"");
        assertThat(component(view, "ingest").path("replicas").get(0).path("state").asString()).isEqualTo("paused");
        assertThat(component(view, "sink").path("replicas").get(0).path("state").asString()).isEqualTo("draining");
        assertThat(view.path("components")).extracting(component -> component.path("component").asString())
                .containsExactly("ingest", "dedup", "join", "sink");
        assertThat(view.toString()).doesNotContain("enrich-1");
    }

    @Test
    void aPipelineWhoseReplicasDoNotWarnListsAnEmptyWarnings() {
        HttpResponse<String> created = ApiTestClient.onLocalPort(port).post("/api/v1/pipelines",
                PipelineJson.write(TestPipelines.definition("unwarned")));
        assertThat(created.statusCode()).isEqualTo(201);

        JsonNode item = item(JsonMapper.shared().readTree(
                ApiTestClient.onLocalPort(port).get("/api/v1/pipelines?size=100").body()), "unwarned");

        assertThat(item.path("warnings").isArray()).isTrue();
        assertThat(item.path("warnings")).isEmpty();
    }

    @Test
    void pipelineNobodyReportsOnShowsEveryComponentWithoutReplicas() {
        pipelines.save(new DistributablePipeline(TestPipelines.definition("quiet"), DesiredState.PAUSED, 1));

        HttpResponse<String> response = ApiTestClient.onLocalPort(port).get("/api/v1/pipelines/quiet/status");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode components = JsonMapper.shared().readTree(response.body()).path("components");
        assertThat(components).hasSize(4);
        components.forEach(component -> assertThat(component.path("replicasReporting").asInt()).isZero());
    }

    @Test
    void unknownPipelineIsAProblem404() {
        HttpResponse<String> response = ApiTestClient.onLocalPort(port).get("/api/v1/pipelines/no-such/status");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":404", "no-such").doesNotContain("Exception");
    }

    @Test
    void statusNeedsAToken() {
        HttpResponse<String> response = ApiTestClient.onLocalPort(port).withToken(null)
                .get("/api/v1/pipelines/orders/status");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    /**
     * The pipeline's status once it shows what the test wrote: the api-service reads the status
     * bucket through a watch, which delivers a write within milliseconds but not before a request
     * sent right after it (a CI run read a status without the replicas just written).
     */
    private JsonNode statusOnceMirrored(String pipeline, Predicate<JsonNode> written) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> response = ApiTestClient.onLocalPort(port).get("/api/v1/pipelines/" + pipeline + "/status");
            assertThat(response.statusCode()).isEqualTo(200);
            return JsonMapper.shared().readTree(response.body());
        }, written);
    }

    private void heartbeat(WorkerStatus report) throws Exception {
        status.put(ControlKeys.statusKey(report.pipelineId(), report.component(), report.replicaId()),
                ControlJson.write(report));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(text -> texts.add(text.asString()));
        return texts;
    }

    private static JsonNode item(JsonNode list, String id) {
        for (JsonNode item : list.path("items")) {
            if (item.path("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no pipeline " + id + " in " + list);
    }

    private static JsonNode component(JsonNode view, String name) {
        for (JsonNode component : view.path("components")) {
            if (component.path("component").asString().equals(name)) {
                return component;
            }
        }
        throw new AssertionError("no component " + name + " in " + view);
    }
}

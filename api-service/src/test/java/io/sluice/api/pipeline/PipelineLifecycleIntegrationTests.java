package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.api.distribution.DistributablePipeline;
import io.sluice.model.control.DesiredState;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordingDistributor.Configuration.class)
class PipelineLifecycleIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineLifecycleIntegrationTests.class);

    private static final AtomicInteger PIPELINES = new AtomicInteger();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingDistributor distributor;

    @Autowired
    PipelineService service;

    @Autowired
    PipelineCatalog catalog;

    ApiTestClient api;

    @BeforeEach
    void client() {
        this.api = ApiTestClient.onLocalPort(this.port);
    }

    @ParameterizedTest(name = "{1} a {0} pipeline: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            created | start  | running | RUNNING
            stopped | start  | running | RUNNING
            failed  | start  | running | RUNNING
            running | pause  | paused  | PAUSED
            paused  | resume | running | RUNNING
            running | stop   | stopped | STOPPED
            paused  | stop   | stopped | STOPPED
            """)
    void allowedTransitionMovesThePipelineAndTellsWorkers(String from, String action, String to, DesiredState desired) {
        String id = pipelineIn(from);
        long revisionBefore = this.distributor.last(id).orElseThrow().revision();

        HttpResponse<String> response = this.api.post("/api/v1/pipelines/" + id + "/" + action, "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Definitions.parse(response.body()).get("status").asString()).isEqualTo(to);
        assertThat(Definitions.parse(this.api.get("/api/v1/pipelines/" + id).body()).get("status").asString())
            .isEqualTo(to);
        RecordingDistributor.Published published = this.distributor.last(id).orElseThrow();
        assertThat(published.desiredState()).isEqualTo(desired);
        assertThat(published.revision()).isGreaterThan(revisionBefore);
        JsonNode latest = Definitions.parse(this.api.get("/api/v1/pipelines/" + id + "/events").body()).get("items").get(0);
        assertThat(latest.get("from").asString()).isEqualTo(from);
        assertThat(latest.get("to").asString()).isEqualTo(to);
        assertThat(latest.get("actor").asString()).isEqualTo("bootstrap");
    }

    @ParameterizedTest(name = "{1} a {0} pipeline")
    @CsvSource(delimiter = '|', textBlock = """
            created | pause  | cannot pause a pipeline that is Created
            created | resume | cannot resume a pipeline that is Created; start it instead
            created | stop   | cannot stop a pipeline that is Created
            running | start  | cannot start a pipeline that is Running
            running | resume | cannot resume a pipeline that is Running
            paused  | start  | cannot start a pipeline that is Paused; resume it instead
            paused  | pause  | cannot pause a pipeline that is Paused
            stopped | pause  | cannot pause a pipeline that is Stopped
            stopped | resume | cannot resume a pipeline that is Stopped; start it instead
            stopped | stop   | cannot stop a pipeline that is Stopped
            failed  | pause  | cannot pause a pipeline that is Failed
            failed  | resume | cannot resume a pipeline that is Failed; start it instead
            failed  | stop   | cannot stop a pipeline that is Failed
            """)
    void forbiddenTransitionIsAConflictWithTheReason(String from, String action, String reason) {
        String id = pipelineIn(from);
        int publishedBefore = this.distributor.published(id).size();
        int eventsBefore = events(id).size();

        HttpResponse<String> response = this.api.post("/api/v1/pipelines/" + id + "/" + action, "");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Definitions.parse(response.body()).get("detail").asString()).isEqualTo(reason);
        assertThat(Definitions.parse(this.api.get("/api/v1/pipelines/" + id).body()).get("status").asString())
            .isEqualTo(from);
        assertThat(this.distributor.published(id)).hasSize(publishedBefore);
        assertThat(events(id)).hasSize(eventsBefore);
    }

    @Test
    void pipelineWithAJoinStartsAndItsWorkersAreTold() {
        String id = "lifecycle-join-" + PIPELINES.incrementAndGet();
        assertThat(this.api.post("/api/v1/pipelines", Definitions.joinWithId(id)).statusCode()).isEqualTo(201);

        HttpResponse<String> response = this.api.post("/api/v1/pipelines/" + id + "/start", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(this.distributor.last(id).orElseThrow().desiredState()).isEqualTo(DesiredState.RUNNING);
    }

    @Test
    void workersReportedFailureIsRecordedWithItsReason() {
        String id = pipelineIn("running");

        boolean failed = this.service.markFailed(id, "ClickHouse table orders does not exist");

        assertThat(failed).isTrue();
        assertThat(Definitions.parse(this.api.get("/api/v1/pipelines/" + id).body()).get("status").asString())
            .isEqualTo("failed");
        JsonNode event = events(id).get(0);
        assertThat(event.get("kind").asString()).isEqualTo("failed");
        assertThat(event.get("reason").asString()).isEqualTo("ClickHouse table orders does not exist");
        assertThat(event.get("actor").asString()).isEqualTo("workers");
        assertThat(this.distributor.last(id).orElseThrow().desiredState()).isEqualTo(DesiredState.STOPPED);
    }

    @Test
    void lateFailureReportAboutAStoppedPipelineIsIgnored() {
        String id = pipelineIn("stopped");

        assertThat(this.service.markFailed(id, "too late")).isFalse();
        assertThat(this.service.markFailed("no-such-pipeline", "unknown")).isFalse();
        assertThat(Definitions.parse(this.api.get("/api/v1/pipelines/" + id).body()).get("status").asString())
            .isEqualTo("stopped");
    }

    @Test
    void transitionAnswersWithTheNewVersionAsETag() {
        String id = pipelineIn("created");

        HttpResponse<String> started = this.api.post("/api/v1/pipelines/" + id + "/start", "");

        assertThat(started.headers().firstValue("ETag")).hasValue("\"1\"");
    }

    @Test
    void reasonLongerThan500CharactersIsRefused() {
        String id = pipelineIn("running");

        HttpResponse<String> response = this.api.post("/api/v1/pipelines/" + id + "/pause",
                "{\"reason\":\"" + "x".repeat(501) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(PipelineApiIntegrationTests.paths(Definitions.parse(response.body()))).containsExactly("$.reason");
    }

    @Test
    void transitionOfAnUnknownPipelineIsNotFound() {
        assertThat(this.api.post("/api/v1/pipelines/nobody/start", "").statusCode()).isEqualTo(404);
    }

    @Test
    void catalogGivesEveryPipelineAsWorkersMustSeeIt() {
        String running = pipelineIn("running");
        String paused = pipelineIn("paused");
        String failed = pipelineIn("failed");
        String created = pipelineIn("created");

        Map<String, DistributablePipeline> all = this.catalog.all().stream()
            .collect(Collectors.toMap((pipeline) -> pipeline.definitionInClear().id(), Function.identity()));

        assertThat(all.get(running).desiredState()).isEqualTo(DesiredState.RUNNING);
        assertThat(all.get(paused).desiredState()).isEqualTo(DesiredState.PAUSED);
        assertThat(all.get(failed).desiredState()).isEqualTo(DesiredState.STOPPED);
        assertThat(all.get(created).desiredState()).isEqualTo(DesiredState.STOPPED);
        for (String id : List.of(running, paused, failed, created)) {
            RecordingDistributor.Published last = this.distributor.last(id).orElseThrow();
            assertThat(all.get(id).revision()).isEqualTo(last.revision());
            assertThat(all.get(id).definitionInClear()).isEqualTo(last.definition());
        }
    }

    @Test
    void catalogGivesSecretsInClear() {
        this.api.post("/api/v1/pipelines", Definitions.withSecrets("catalog-secrets", "kafka-pw",
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "ch-pw").toString());

        DistributablePipeline pipeline = this.catalog.all().stream()
            .filter((p) -> p.definitionInClear().id().equals("catalog-secrets")).findFirst().orElseThrow();

        assertThat(pipeline.definitionInClear().sources().get(0).connection().password()).isEqualTo("kafka-pw");
        assertThat(pipeline.definitionInClear().sink().password()).isEqualTo("ch-pw");
    }

    /** A new pipeline brought to this state through the API (and, for failed, a worker's report). */
    private String pipelineIn(String status) {
        String id = "lifecycle-" + PIPELINES.incrementAndGet();
        assertThat(this.api.post("/api/v1/pipelines", Definitions.withId(id)).statusCode()).isEqualTo(201);
        switch (status) {
            case "created" -> { }
            case "running" -> action(id, "start");
            case "paused" -> {
                action(id, "start");
                action(id, "pause");
            }
            case "stopped" -> {
                action(id, "start");
                action(id, "stop");
            }
            case "failed" -> {
                action(id, "start");
                assertThat(this.service.markFailed(id, "sink unreachable")).isTrue();
            }
            default -> throw new IllegalArgumentException(status);
        }
        return id;
    }

    private void action(String id, String action) {
        assertThat(this.api.post("/api/v1/pipelines/" + id + "/" + action, "").statusCode()).isEqualTo(200);
    }

    private JsonNode events(String id) {
        return Definitions.parse(this.api.get("/api/v1/pipelines/" + id + "/events?size=100").body()).get("items");
    }

}

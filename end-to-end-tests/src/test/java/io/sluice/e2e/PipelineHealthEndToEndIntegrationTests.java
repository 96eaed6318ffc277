package io.sluice.e2e;

import static io.sluice.e2e.E2eSupport.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pipeline whose streams NATS refuses to provision is not shown as simply running: the API's
 * status and list say "degraded" with NATS's reason, and once the cause is gone the replica's own
 * retries bring it to "ok" without a user. The refusal is the real one of the storage wall: an
 * ingest replica configured with a byte limit per stream that no store can reserve.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class PipelineHealthEndToEndIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineHealthEndToEndIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    private static final Map<String, String> COMMON = Map.of(
            "SLUICE_NATS_URL", ENDPOINTS.natsUrl(),
            "SLUICE_NATS_PREFIX", NAMESPACE.natsPrefix(),
            "SLUICE_WORKER_HEARTBEATINTERVAL", "1s");
    /** 1 PiB per stream: JetStream reserves a stream's byte limit when it creates it, and no store here holds that. */
    private static final String UNRESERVABLE = Long.toString(1L << 50);

    private static ServiceProcess api;
    private static ServiceProcess ingest;

    @BeforeAll
    static void startTheApiService() throws Exception {
        Files.createDirectories(Path.of("target", "e2e-logs"));
        CLICKHOUSE.createDatabase(NAMESPACE.clickHouseDatabase());
        api = new ServiceProcess("api-service", "health-api", with(COMMON, E2eSupport.apiEnvironment(ENDPOINTS, NAMESPACE)),
                List.of()).start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (ingest != null) {
            ingest.stop();
        }
        if (api != null) {
            api.stop();
        }
        CLICKHOUSE.dropDatabase(NAMESPACE.clickHouseDatabase());
    }

    @Test
    void aPipelineWhoseStreamsNatsRefusesIsDegradedWithTheReasonAndRecoversWhenTheCauseIsGone() throws Exception {
        String pipeline = "orders-health";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(NAMESPACE.kafkaTopic(pipeline), 1, (short) 1))).all().get();
        }
        E2eSupport.createOrdersTable(CLICKHOUSE, pipeline, NAMESPACE);
        ingest = new ServiceProcess("ingest-service", "health-ingest", with(COMMON, Map.of(
                "SLUICE_WORKER_REPLICAID", "ingest-1",
                "SLUICE_WORKER_STREAMMAXBYTES", UNRESERVABLE)), List.of()).start();
        assertThat(E2eSupport.call(api, "POST", "/api/v1/pipelines",
                E2eSupport.exampleDefinition(pipeline, NAMESPACE, ENDPOINTS)).statusCode()).isEqualTo(201);
        assertThat(E2eSupport.call(api, "POST", "/api/v1/pipelines/" + pipeline + "/start", "").statusCode()).isEqualTo(200);

        String problem = "ingest cannot run it on its replica: insufficient storage resources available";
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(status(pipeline)).contains("\"health\":\"degraded\"").contains(problem));
        assertThat(E2eSupport.call(api, "GET", "/api/v1/pipelines", null).body())
                .as("the list says so too, beside the status the user asked for")
                .contains("\"status\":\"running\"").contains("\"health\":\"degraded\"").contains(problem);

        // The cause goes: the same replica, without the byte limit. Nobody restarts the pipeline.
        ingest.stop();
        ingest = new ServiceProcess("ingest-service", "health-ingest", with(COMMON, Map.of(
                "SLUICE_WORKER_REPLICAID", "ingest-1")), List.of()).start();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(status(pipeline)).contains("\"health\":\"ok\"").doesNotContain(problem));
        assertThat(E2eSupport.call(api, "GET", "/api/v1/pipelines", null).body()).contains("\"health\":\"ok\"");
    }

    private static String status(String pipeline) throws Exception {
        return E2eSupport.call(api, "GET", "/api/v1/pipelines/" + pipeline + "/status", null).body();
    }
}

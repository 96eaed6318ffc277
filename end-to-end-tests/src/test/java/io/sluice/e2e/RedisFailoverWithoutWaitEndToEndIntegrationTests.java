package io.sluice.e2e;

import static io.sluice.e2e.E2eSupport.servers;
import static io.sluice.e2e.E2eSupport.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
 * What a Redis Cluster failover costs dedup when claims do not wait for a replica
 * ({@code SLUICE_DEDUP_WAITREPLICAS=0}, the default) and the service is told to go on after a loss
 * ({@code SLUICE_DEDUP_ONSTATELOSS=warn}): a master is killed with SIGKILL mid-stream, its replica
 * takes over, and the test writes down how many duplicates got through (the claims the master
 * answered and had not yet replicated), while nothing may be lost and status must show the loss.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.REDIS_CLUSTER, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class RedisFailoverWithoutWaitEndToEndIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(RedisFailoverWithoutWaitEndToEndIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    private static final Map<String, String> DEDUP_REDIS = E2eSupport.dedupOnRedisCluster(ENDPOINTS, NAMESPACE);

    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static ServiceProcess api;

    @BeforeAll
    static void startEveryService() throws Exception {
        Files.createDirectories(Path.of("target", "e2e-logs"));
        CLICKHOUSE.createDatabase(NAMESPACE.clickHouseDatabase());
        Map<String, String> common = Map.of(
                "SLUICE_NATS_URL", ENDPOINTS.natsUrl(),
                "SLUICE_NATS_PREFIX", NAMESPACE.natsPrefix(),
                "SLUICE_WORKER_HEARTBEATINTERVAL", "1s");
        api = new ServiceProcess("api-service", "nowait-api", with(with(common, DEDUP_REDIS),
                E2eSupport.apiEnvironment(ENDPOINTS, NAMESPACE)), List.of()).start();
        SERVICES.add(new ServiceProcess("ingest-service", "nowait-ingest", with(common,
                Map.of("SLUICE_WORKER_REPLICAID", "ingest-1")), List.of()).start());
        SERVICES.add(new ServiceProcess("dedup-service", "nowait-dedup", with(with(common, DEDUP_REDIS), Map.of(
                "SLUICE_WORKER_REPLICAID", "dedup-1",
                "SLUICE_DEDUP_ONSTATELOSS", "warn")), List.of()).start());
        SERVICES.add(new ServiceProcess("sink-service", "nowait-sink", with(common,
                Map.of("SLUICE_WORKER_REPLICAID", "sink-1")), List.of()).start());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (ServiceProcess service : SERVICES) {
            service.stop();
        }
        if (api != null) {
            api.stop();
        }
        CLICKHOUSE.dropDatabase(NAMESPACE.clickHouseDatabase());
        // Whatever happened above, the cluster is whole again for the next test.
        servers("up", "cluster");
    }

    @Test
    void losesNothingAndCountsTheDuplicatesAFailoverLetsThroughWithoutWait() throws Exception {
        String pipeline = "orders-nowait";
        int total = 150_000;
        int distinct = total - total / 5;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(NAMESPACE.kafkaTopic(pipeline), 3, (short) 1))).all().get();
        }
        E2eSupport.createOrdersTable(CLICKHOUSE, pipeline, NAMESPACE);
        String definition = E2eSupport.exampleDefinition(pipeline, NAMESPACE, ENDPOINTS);
        assertThat(E2eSupport.call(api, "POST", "/api/v1/pipelines", definition).statusCode()).isEqualTo(201);
        assertThat(E2eSupport.call(api, "POST", "/api/v1/pipelines/" + pipeline + "/start", "").statusCode()).isEqualTo(200);
        String table = E2eSupport.ordersTable(pipeline, NAMESPACE);
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> E2eSupport.produceOrders(ENDPOINTS,
                NAMESPACE.kafkaTopic(pipeline), total, total - distinct, 17,
                // About 10,000 events/s, so dedup is still claiming when the master dies.
                E2eSupport.paced(10_000)));
        // Killed once dedup has claimed a good part of the keys, while the rest is still coming.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table) >= distinct / 5);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> E2eSupport.redisClusterReplicasInSync(ENDPOINTS));
        String port = E2eSupport.redisClusterMasterPorts(ENDPOINTS).get(0);
        String victim = "redis-" + port.substring(port.length() - 1);
        E2eSupport.killServer(victim);
        System.out.println("Failover without WAIT: kill -9 Redis master " + victim + " with "
                + CLICKHOUSE.queryLong("SELECT count() FROM " + table) + " rows in");
        producing.get();
        // Its replica takes over after cluster-node-timeout (5 s); without WAIT, claims go on at once.
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> !E2eSupport.redisClusterMasterPorts(ENDPOINTS).contains(port)
                        && E2eSupport.redisClusterMasterPorts(ENDPOINTS).size() == 3);
        assertThat(servers("up", victim)).contains(victim + ": up");
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                .until(() -> CLICKHOUSE.queryLong("SELECT uniqExact(order_id) FROM " + table) >= distinct);
        await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30)).until(() -> true);

        long rows = CLICKHOUSE.queryLong("SELECT count() FROM " + table);
        long keys = CLICKHOUSE.queryLong("SELECT uniqExact(order_id) FROM " + table);
        System.out.println("Failover without WAIT: " + rows + " rows for " + keys + " keys: " + (rows - keys)
                + " duplicates let through by the failover");
        assertThat(keys).as("nothing lost").isEqualTo(distinct);
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table + " WHERE status = 'first'"))
                .as("every first event in").isEqualTo(distinct);
        String status = E2eSupport.call(api, "GET", "/api/v1/pipelines/" + pipeline + "/status", null).body();
        assertThat(status).as("the loss is reported").contains("Redis lost dedup state").contains("failover");
    }
}

package io.sluice.api.removal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.api.config.ApiProperties;
import io.sluice.api.secrets.DefinitionSecrets;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.JetStreamErrors;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A removal is kept in PostgreSQL, not in the process that took the delete: an api-service that
 * stops before the workers let go of the pipeline leaves it to the next one, which finishes it.
 */
@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.KAFKA, RealServer.REDIS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineRemovalRestartIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineRemovalRestartIntegrationTests.class);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
        registry.add("sluice.removal.quiet-period", () -> "500ms");
        registry.add("sluice.removal.check-interval", () -> "100ms");
        registry.add("sluice.dedup.redis-uri", () -> LocalEndpoints.fromEnvironment().redisUri());
        registry.add("sluice.dedup.key-prefix", NAMESPACE::redisPrefix);
    }

    @LocalServerPort
    int port;

    @Autowired
    PipelineRemover remover;

    @Autowired
    PipelineRemovalRepository removals;

    @Autowired
    PipelineTraces traces;

    @Autowired
    ConsumerGroups groups;

    @Autowired
    DedupKeys dedupKeys;

    @Autowired
    DefinitionSecrets secrets;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    ApiProperties properties;

    final NatsNames names = NatsNames.withPrefix(NAMESPACE.natsPrefix());

    @Test
    void aRemovalLeftPendingByAStoppedApiServiceIsFinishedByTheNextOne() throws Exception {
        ApiTestClient api = ApiTestClient.onLocalPort(this.port);
        String id = "restarted";
        assertThat(api.post("/api/v1/pipelines", definition(id)).statusCode()).isEqualTo(201);
        assertThat(api.post("/api/v1/pipelines/" + id + "/start", "").statusCode()).isEqualTo(200);
        try (Connection worker = Nats.connect(LocalEndpoints.fromEnvironment().natsUrl())) {
            worker.jetStreamManagement().addStream(StreamConfiguration.builder().name(this.names.dataStream(id))
                    .subjects(this.names.dataStreamSubjects(id)).storageType(StorageType.File)
                    .maxAge(Duration.ofHours(1)).maxBytes(1024 * 1024).build());
            worker.jetStream().publish(this.names.ingestSubject(id, "orders", 0), "old".getBytes(StandardCharsets.UTF_8));

            // This api-service stops its removals (as if it stopped) right before the delete.
            this.remover.stop();
            try {
                assertThat(api.delete("/api/v1/pipelines/" + id).statusCode()).isEqualTo(204);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> api.post("/api/v1/pipelines", definition(id)).statusCode() == 409);
                assertThat(this.removals.existsById(id)).isTrue();

                // The next api-service: nothing but the PostgreSQL row tells it about the removal.
                PipelineRemover next = new PipelineRemover(this.removals, this.traces, this.groups, this.dedupKeys,
                        this.secrets, this.transactions, this.properties);
                next.start();
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> !this.removals.existsById(id));
                } finally {
                    next.stop();
                }
            } finally {
                this.remover.start();
            }

            assertThat(streamExists(worker, this.names.dataStream(id))).isFalse();
            assertThat(api.post("/api/v1/pipelines", definition(id)).statusCode()).isEqualTo(201);
        }
    }

    /**
     * A walk of Redis's key space takes time with every key in Redis: pipelines deleted together
     * have their dedup keys removed in one walk, not one each (200 pipelines took 140 s with
     * 425,000 keys in Redis).
     */
    @Test
    void pipelinesDeletedTogetherHaveTheirDedupKeysRemovedInOneWalkOfRedis() throws Exception {
        ApiTestClient api = ApiTestClient.onLocalPort(this.port);
        List<String> ids = List.of("together-1", "together-2", "together-3", "together-4");
        RedisClient client = RedisClient.create(LocalEndpoints.fromEnvironment().redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            String prefix = NAMESPACE.redisPrefix();
            // Other keys, so that a walk takes several pages.
            Map<String, String> others = new HashMap<>();
            for (int i = 0; i < 20_000; i++) {
                others.put(prefix + "dedup:neighbour:orders:" + i, "1");
            }
            redis.mset(others);
            for (String id : ids) {
                assertThat(api.post("/api/v1/pipelines", definition(id)).statusCode()).isEqualTo(201);
                assertThat(api.post("/api/v1/pipelines/" + id + "/start", "").statusCode()).isEqualTo(200);
                redis.set(prefix + "dedup:" + id + ":orders:a", "1");
                redis.set(prefix + "dedup-sentinel:" + id + ":orders:0", "epoch");
            }
            this.remover.stop();
            try {
                for (String id : ids) {
                    assertThat(api.delete("/api/v1/pipelines/" + id).statusCode()).isEqualTo(204);
                }
                assertThat(ids).as("removals pending").allMatch(this.removals::existsById);
                long before = scans(redis);
                this.dedupKeys.delete("nobody");
                long oneWalk = scans(redis) - before;

                PipelineRemover next = new PipelineRemover(this.removals, this.traces, this.groups, this.dedupKeys,
                        this.secrets, this.transactions, this.properties);
                long removing = scans(redis);
                next.start();
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().noneMatch(this.removals::existsById));
                } finally {
                    next.stop();
                }
                assertThat(scans(redis) - removing).as("SCAN calls removing 4 pipelines, where one walk takes %d", oneWalk)
                        .isLessThanOrEqualTo(oneWalk + 2);
            } finally {
                this.remover.start();
            }
            for (String id : ids) {
                assertThat(redis.keys(prefix + "dedup*:" + id + ":*")).as("keys of " + id).isEmpty();
            }
            assertThat(redis.exists(prefix + "dedup:neighbour:orders:0")).isEqualTo(1);
            redis.del(others.keySet().toArray(String[]::new));
        } finally {
            client.shutdown();
        }
    }

    // Calls of SCAN Redis has answered since it started, from INFO commandstats.
    private static long scans(RedisCommands<String, String> redis) {
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_scan:")) {
                return Long.parseLong(line.replaceAll("^cmdstat_scan:calls=(\\d+),.*$", "$1"));
            }
        }
        return 0;
    }

    private static String definition(String id) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode tree;
        try (var in = PipelineRemovalRestartIntegrationTests.class.getResourceAsStream("/examples/orders-dedup.json")) {
            tree = (ObjectNode) json.readTree(in);
        }
        tree.put("id", id);
        ObjectNode connection = (ObjectNode) tree.get("sources").get(0).get("connection");
        connection.putArray("brokers").add(LocalEndpoints.fromEnvironment().kafkaBootstrapServers());
        return tree.toString();
    }

    private static boolean streamExists(Connection connection, String stream) throws Exception {
        try {
            connection.jetStreamManagement().getStreamInfo(stream);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}

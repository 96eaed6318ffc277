package io.sluice.dedup.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static io.sluice.dedup.pipeline.DedupStreams.order;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.JetStreamProbe;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.redis.RedisClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dedup-service as deployed with its first sightings on the local Redis Cluster
 * ({@code sluice.dedup.redis-cluster=true}, the seeds in {@code sluice.dedup.redis-uri}): a pipeline
 * driven through the definitions bucket, its lanes guarded by their sentinels on every master.
 */
@RealServers({ RealServer.NATS, RealServer.REDIS_CLUSTER })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DedupServiceOnRedisClusterIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(DedupServiceOnRedisClusterIntegrationTests.class);
    static final NatsNames NAMES = NatsNames.withPrefix(NAMESPACE.natsPrefix());
    static final String PIPELINE = "orders-dedup";
    static Connection nats;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();
        registry.add("sluice.nats.url", endpoints::natsUrl);
        registry.add("sluice.nats.prefix", NAMESPACE::natsPrefix);
        registry.add("sluice.dedup.redis-cluster", () -> "true");
        registry.add("sluice.dedup.redis-uri", endpoints::redisClusterUri);
        registry.add("sluice.dedup.key-prefix", NAMESPACE::redisPrefix);
        registry.add("sluice.worker.heartbeat-interval", () -> "200ms");
    }

    @BeforeAll
    static void createBucketsAndRunThePipeline() throws Exception {
        nats = Nats.connect(LocalEndpoints.fromEnvironment().natsUrl());
        var kvm = nats.keyValueManagement();
        kvm.create(KeyValueConfiguration.builder().name(NAMES.definitionsBucket()).maxHistoryPerKey(1).build());
        kvm.create(KeyValueConfiguration.builder().name(NAMES.statusBucket()).maxHistoryPerKey(1).ttl(Duration.ofMinutes(1)).build());
        PipelineDefinition definition = PipelineJson.read(Files.readString(Path.of("../deploy/examples/orders-dedup.json")));
        nats.keyValue(NAMES.definitionsBucket()).put(PIPELINE,
                ControlJson.write(new PipelineControl(definition, DesiredState.RUNNING, 1, Instant.now())));
    }

    @AfterAll
    static void removeEverything() throws Exception {
        var jsm = nats.jetStreamManagement();
        for (String stream : List.of(NAMES.dataStream(PIPELINE), NAMES.deadLetterStream(PIPELINE))) {
            if (JetStreamProbe.streamExists(nats, stream)) {
                jsm.deleteStream(stream);
            }
        }
        nats.keyValueManagement().delete(NAMES.definitionsBucket());
        nats.keyValueManagement().delete(NAMES.statusBucket());
        nats.close();
        // The lanes' sentinels never expire: this class's keys go from every master.
        RedisClusterClient client = RedisClusterClient.create(RedisClients.seeds(LocalEndpoints.fromEnvironment().redisClusterUri()));
        try (var connection = client.connect(ByteArrayCodec.INSTANCE)) {
            var redis = connection.sync();
            ScanArgs args = ScanArgs.Builder.matches("{" + NAMESPACE.redisPrefix() + "*").limit(1000);
            KeyScanCursor<byte[]> cursor = redis.scan(args);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    redis.unlink(cursor.getKeys().toArray(byte[][]::new));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = redis.scan(cursor, args);
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void passesTheFirstEventOfEachKeyAcrossBatchesAndRunsWithoutWarnings() throws Exception {
        JetStreamProbe.awaitStream(nats, NAMES.dataStream(PIPELINE), Duration.ofSeconds(20));
        List<String> first = new ArrayList<>();
        List<String> again = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Amounts above 0: the example pipeline's filter drops the others before dedup.
            first.add(order("o-" + i, 1 + i, "new"));
            again.add(order("o-" + i, 1000 + i, "retry"));
        }
        streams().publishIngestBatch(0, 0, first);
        // Later batches of the same partition: every key again (dropped), and new keys among them.
        streams().publishIngestBatch(0, 200, again);
        streams().publishIngestBatch(0, 400, List.of(order("o-7", 7, "late"), order("fresh", 1, "new")));

        List<String> passed = streams().readDedupOutput(201).stream().map(record -> new String(record.json(), StandardCharsets.UTF_8))
                .toList();

        List<String> expected = new ArrayList<>(first);
        expected.add(order("fresh", 1, "new"));
        assertThat(passed).containsExactlyInAnyOrderElementsOf(expected);
        var status = nats.keyValue(NAMES.statusBucket());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<WorkerStatus> dedup = new ArrayList<>();
            for (String key : status.keys()) {
                WorkerStatus report = ControlJson.readStatus(status.get(key).getValue());
                if (PIPELINE.equals(report.pipelineId()) && report.component() == Component.DEDUP) {
                    dedup.add(report);
                }
            }
            // The cluster's masters all run with AOF and noeviction: nothing to warn about.
            assertThat(dedup).isNotEmpty().allSatisfy(report -> {
                assertThat(report.state()).isEqualTo(WorkerState.RUNNING);
                assertThat(report.warnings()).isEmpty();
                assertThat(report.lastError()).isNull();
            });
        });
    }

    private static DedupStreams streams() {
        return new DedupStreams(nats, NAMES, PIPELINE);
    }
}

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

import io.lettuce.core.RedisClient;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.sluice.model.control.Component;
import io.sluice.model.control.WorkerState;
import io.sluice.worker.redis.ServerInfo;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.JetStreamProbe;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dedup-service as deployed: driven through the real definitions KV bucket like the
 * api-service drives it, reading ingest batches from and writing to the real JetStream, with
 * first sightings in the real Redis.
 */
@RealServers({ RealServer.NATS, RealServer.REDIS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DedupServiceIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(DedupServiceIntegrationTests.class);
    static final NatsNames NAMES = NatsNames.withPrefix(NAMESPACE.natsPrefix());
    static final String PIPELINE = "orders-dedup";
    static Connection nats;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();
        registry.add("sluice.nats.url", endpoints::natsUrl);
        registry.add("sluice.nats.prefix", NAMESPACE::natsPrefix);
        registry.add("sluice.dedup.redis-uri", endpoints::redisUri);
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

    @BeforeEach
    void awaitThePipelineStarted() {
        // The service (started after @BeforeAll) creates the streams when it starts the pipeline.
        JetStreamProbe.awaitStream(nats, NAMES.dataStream(PIPELINE), Duration.ofSeconds(20));
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
    }

    @Test
    void passesTheFirstEventOfEachKeyDropsLaterOnesAndDeadLettersBadEvents() throws Exception {
        streams().publishIngestBatch(0, 0, List.of(
                order("a", 10, "new"),
                order("b", 20, "new"),
                order("a", 99, "retry"),          // duplicate of a: dropped
                order("c", 30, "test"),            // filtered out by status != "test"
                "{\"amount\": 5}"));               // no order_id: dead letter
        // Same partition, later batch: a later duplicate in Kafka's order. (Across partitions "first"
        // is whichever partition's lane claims first.)
        streams().publishIngestBatch(0, 5, List.of(order("b", 21, "replayed")));
        streams().publishIngestBatch(1, 0, List.of(order("d", 40, "new")));

        List<BatchRecord> passed = streams().readDedupOutput(3);

        assertThat(passed).extracting(record -> new String(record.json(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(order("a", 10, "new"), order("b", 20, "new"), order("d", 40, "new"));
        Message deadLetter = JetStreamProbe.firstMessage(nats, NAMES.deadLetterStream(PIPELINE),
                NAMES.deadLetterSubject(PIPELINE), Duration.ofSeconds(20));
        assertThat(deadLetter.getHeaders().getFirst(DeadLetterCodec.REASON_HEADER)).contains("order_id");
        assertThat(deadLetter.getHeaders().getFirst(DeadLetterCodec.SOURCE_POSITION_HEADER)).isEqualTo("orders/0/4");
        assertThat(new String(deadLetter.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"amount\": 5}");
        // The filtered event is counted in the status, so in adds up; the report says where the replica runs and since when.
        var status = nats.keyValue(NAMES.statusBucket());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<WorkerStatus> dedup = new ArrayList<>();
            for (String key : status.keys()) {
                WorkerStatus report = ControlJson.readStatus(status.get(key).getValue());
                if (PIPELINE.equals(report.pipelineId()) && report.component() == Component.DEDUP) {
                    dedup.add(report);
                }
            }
            assertThat(dedup).hasSize(1);
            WorkerStatus report = dedup.get(0);
            assertThat(report.filtered()).isEqualTo(1);
            assertThat(report.eventsIn()).isEqualTo(report.eventsOut() + report.duplicatesDropped() + report.filtered()
                    + report.deadLetters());
            assertThat(report.host()).isNotBlank();
            assertThat(report.startedAt()).isBefore(report.heartbeatAt());
        });
    }

    @Test
    void statusWarnsAboutRedisSettingsThatRiskDedupStateWithoutFailing() throws Exception {
        ServerInfo redis = redisInfo();
        var status = nats.keyValue(NAMES.statusBucket());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<WorkerStatus> dedup = new ArrayList<>();
            for (String key : status.keys()) {
                WorkerStatus report = ControlJson.readStatus(status.get(key).getValue());
                if (PIPELINE.equals(report.pipelineId()) && report.component() == Component.DEDUP) {
                    dedup.add(report);
                }
            }
            assertThat(dedup).isNotEmpty().allSatisfy(report -> {
                assertThat(report.state()).isEqualTo(WorkerState.RUNNING);
                // The shared Redis runs with appendonly no; one set up for production shows no warning.
                if (Boolean.FALSE.equals(redis.aofEnabled())) {
                    assertThat(report.warnings()).anySatisfy(warning -> assertThat(warning).contains("appendonly no"));
                } else if (!redis.evicting()) {
                    assertThat(report.warnings()).isEmpty();
                }
                assertThat(report.lastError()).isNull();
            });
        });
    }

    private static ServerInfo redisInfo() {
        RedisClient client = RedisClient.create(LocalEndpoints.fromEnvironment().redisUri());
        try (var connection = client.connect()) {
            return ServerInfo.parse(connection.sync().info());
        } finally {
            client.shutdown();
        }
    }

    private static DedupStreams streams() {
        return new DedupStreams(nats, NAMES, PIPELINE);
    }
}

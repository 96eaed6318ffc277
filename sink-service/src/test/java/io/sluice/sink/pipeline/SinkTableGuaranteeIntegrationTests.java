package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.JetStreamProbe;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A table that does not drop a replayed insert (a plain MergeTree) cannot give exactly-once: the
 * sink refuses it at start, with the reason in status, unless the definition accepts at-least-once
 * in so many words.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkTableGuaranteeIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(SinkTableGuaranteeIntegrationTests.class);
    static final NatsNames NAMES = NatsNames.withPrefix(NAMESPACE.natsPrefix());
    static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    static final String DATABASE = NAMESPACE.clickHouseDatabase();
    static final List<String> PIPELINES = List.of("refused", "accepted");
    static Connection nats;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("sluice.nats.url", ENDPOINTS::natsUrl);
        registry.add("sluice.nats.prefix", NAMESPACE::natsPrefix);
        registry.add("sluice.worker.replica-id", () -> "sink-a");
        registry.add("sluice.worker.heartbeat-interval", () -> "500ms");
    }

    @BeforeAll
    static void createPlainTablesAndRunBothPipelines() throws Exception {
        CLICKHOUSE.createDatabase(DATABASE);
        nats = Nats.connect(ENDPOINTS.natsUrl());
        var kvm = nats.keyValueManagement();
        kvm.create(KeyValueConfiguration.builder().name(NAMES.definitionsBucket()).maxHistoryPerKey(1).build());
        kvm.create(KeyValueConfiguration.builder().name(NAMES.statusBucket()).maxHistoryPerKey(1).ttl(Duration.ofMinutes(1)).build());
        for (String pipeline : PIPELINES) {
            CLICKHOUSE.execute("CREATE TABLE " + DATABASE + "." + pipeline + " (order_id String, customer_id UInt64, "
                    + "amount Float64, status String, created_at DateTime) ENGINE = MergeTree ORDER BY order_id");
            String json = Files.readString(Path.of("../deploy/examples/orders-dedup.json"))
                    .replace("\"id\": \"orders-dedup\"", "\"id\": \"" + pipeline + "\"")
                    .replace("\"database\": \"default\"", "\"database\": \"" + DATABASE + "\"")
                    .replace("\"table\": \"orders\"", "\"table\": \"" + pipeline + "\"")
                    .replace("http://localhost:8123", ENDPOINTS.clickHouseUrl())
                    .replace("\"maxDelay\": \"1s\"", "\"maxDelay\": \"200ms\"" + (pipeline.equals("accepted")
                            ? ", \"allowAtLeastOnce\": true" : ""));
            nats.keyValue(NAMES.definitionsBucket()).put(pipeline,
                    ControlJson.write(new PipelineControl(PipelineJson.read(json), DesiredState.RUNNING, 1, Instant.now())));
        }
    }

    @AfterAll
    static void removeEverything() throws Exception {
        var jsm = nats.jetStreamManagement();
        for (String pipeline : PIPELINES) {
            for (String stream : List.of(NAMES.dataStream(pipeline), NAMES.deadLetterStream(pipeline))) {
                try {
                    jsm.deleteStream(stream);
                } catch (Exception notCreated) {
                    // The refused pipeline may not have got that far.
                }
            }
        }
        for (String bucket : List.of(NAMES.definitionsBucket(), NAMES.statusBucket(), NAMES.sinkProgressBucket())) {
            try {
                nats.keyValueManagement().delete(bucket);
            } catch (Exception notCreated) {
                // Created by the sink only once a lane ran.
            }
        }
        nats.close();
        CLICKHOUSE.dropDatabase(DATABASE);
    }

    @Test
    void refusesToRunIntoAPlainMergeTreeAndSaysWhyAndWhatToDo() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            WorkerStatus status = sinkStatus("refused");
            assertThat(status.state()).isEqualTo(WorkerStatus.FAILED);
            assertThat(status.lastError()).contains(DATABASE + ".refused", "MergeTree", "duplicate",
                    "ReplicatedMergeTree", "allowAtLeastOnce");
        });
    }

    @Test
    void runsIntoAPlainMergeTreeWhenTheDefinitionAcceptsAtLeastOnce() throws Exception {
        JetStreamProbe.awaitStream(nats, NAMES.dataStream("accepted"), Duration.ofSeconds(30));
        List<BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String event = "{\"order_id\":\"o-" + i + "\",\"customer\":{\"id\":" + i + "},\"amount\":1.5,"
                    + "\"status\":\"new\",\"created_at\":\"2026-01-01T00:00:00Z\"}";
            records.add(new BatchRecord(i, System.currentTimeMillis(), null, event.getBytes(StandardCharsets.UTF_8)));
        }
        nats.jetStream().publish(NAMES.dedupSubject("accepted", "orders", 0), BatchCodec.encode(new Batch("orders", 0, records)));

        await().atMost(Duration.ofSeconds(30)).until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + DATABASE + ".accepted") == 50);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            WorkerStatus status = sinkStatus("accepted");
            assertThat(status.state()).isEqualTo(WorkerStatus.RUNNING);
            // Running, but with the weaker guarantee said out loud.
            assertThat(status.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains(DATABASE + ".accepted", "does not drop a replayed insert", "allowAtLeastOnce"));
        });
    }

    private static WorkerStatus sinkStatus(String pipeline) throws Exception {
        KeyValue status = nats.keyValue(NAMES.statusBucket());
        for (String key : status.keys()) {
            KeyValueEntry entry = status.get(key);
            if (entry != null && entry.getValue() != null) {
                WorkerStatus report = ControlJson.readStatus(entry.getValue());
                if (report.component().equals("sink") && report.pipelineId().equals(pipeline)) {
                    return report;
                }
            }
        }
        throw new AssertionError("no sink status of " + pipeline + " yet");
    }
}

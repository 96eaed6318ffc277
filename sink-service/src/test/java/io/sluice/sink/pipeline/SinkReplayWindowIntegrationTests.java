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
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.nats.NatsNames;
import io.sluice.sink.progress.Intent;
import io.sluice.sink.progress.KvProgressStore;
import io.sluice.sink.progress.Progress;
import io.sluice.sink.progress.ProgressStore;
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
 * A ReplicatedMergeTree remembers only its newest {@code replicated_deduplication_window} blocks. A
 * recorded insert replayed after more blocks than that went into the table (other pipelines, other
 * lanes) might land twice: the sink must see that and stop the lane with the reason instead.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkReplayWindowIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(SinkReplayWindowIntegrationTests.class);
    static final NatsNames NAMES = NatsNames.withPrefix(NAMESPACE.natsPrefix());
    static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    static final String PIPELINE = "orders-dedup";
    static final String TABLE = NAMESPACE.clickHouseDatabase() + ".orders";
    static Connection nats;
    static long offset;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("sluice.nats.url", ENDPOINTS::natsUrl);
        registry.add("sluice.nats.prefix", NAMESPACE::natsPrefix);
        registry.add("sluice.worker.replica-id", () -> "sink-a");
        registry.add("sluice.worker.heartbeat-interval", () -> "500ms");
    }

    @BeforeAll
    static void createTableBucketsAndRunThePipeline() throws Exception {
        CLICKHOUSE.createDatabase(NAMESPACE.clickHouseDatabase());
        CLICKHOUSE.execute("CREATE TABLE " + TABLE + " (order_id String, customer_id UInt64, amount Float64, status String, "
                + "created_at DateTime) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + NAMESPACE.id()
                + "/orders', '{replica}') ORDER BY order_id SETTINGS replicated_deduplication_window = 3, "
                + "cleanup_delay_period = 1, cleanup_delay_period_random_add = 0");
        nats = Nats.connect(ENDPOINTS.natsUrl());
        var kvm = nats.keyValueManagement();
        kvm.create(KeyValueConfiguration.builder().name(NAMES.definitionsBucket()).maxHistoryPerKey(1).build());
        kvm.create(KeyValueConfiguration.builder().name(NAMES.statusBucket()).maxHistoryPerKey(1).ttl(Duration.ofMinutes(1)).build());
        String json = Files.readString(Path.of("../deploy/examples/orders-dedup.json"))
                .replace("\"database\": \"default\"", "\"database\": \"" + NAMESPACE.clickHouseDatabase() + "\"")
                .replace("http://localhost:8123", ENDPOINTS.clickHouseUrl())
                .replace("\"maxDelay\": \"1s\"", "\"maxDelay\": \"200ms\"");
        PipelineDefinition definition = PipelineJson.read(json);
        nats.keyValue(NAMES.definitionsBucket()).put(PIPELINE,
                ControlJson.write(new PipelineControl(definition, DesiredState.RUNNING, 1, Instant.now())));
    }

    @AfterAll
    static void removeEverything() throws Exception {
        var jsm = nats.jetStreamManagement();
        for (String stream : List.of(NAMES.dataStream(PIPELINE), NAMES.deadLetterStream(PIPELINE))) {
            jsm.deleteStream(stream);
        }
        for (String bucket : List.of(NAMES.definitionsBucket(), NAMES.statusBucket(), NAMES.sinkProgressBucket())) {
            nats.keyValueManagement().delete(bucket);
        }
        nats.close();
        CLICKHOUSE.dropDatabase(NAMESPACE.clickHouseDatabase());
    }

    @Test
    void stopsRatherThanReplayAnInsertTheTableMayHaveForgotten() throws Exception {
        JetStreamProbe.awaitStream(nats, NAMES.dataStream(PIPELINE), Duration.ofSeconds(30));
        long recordedAt = System.currentTimeMillis();
        long seq = publish(0, 50);
        await().atMost(Duration.ofSeconds(30)).until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + TABLE) == 50);
        ProgressStore store = new KvProgressStore(nats, NAMES.sinkProgressBucket());
        String lane = PIPELINE + ".dedup.orders";
        await().atMost(Duration.ofSeconds(10)).until(() -> store.read(lane).progress().committedSeq() >= seq);

        // Another writer inserts five blocks into the table; it keeps the last three block ids only.
        for (int i = 0; i < 5; i++) {
            CLICKHOUSE.execute("INSERT INTO " + TABLE + " VALUES ('other-" + i + "', " + i + ", 1, 'new', now())");
        }
        String blocks = CLICKHOUSE.queryRows("SELECT zookeeper_path FROM system.replicas WHERE database = '"
                + NAMESPACE.clickHouseDatabase() + "' AND table = 'orders'").get(0) + "/blocks";
        await().atMost(Duration.ofSeconds(30)).until(() -> CLICKHOUSE.queryLong(
                "SELECT count() FROM system.zookeeper WHERE path = '" + blocks + "'") <= 3);

        // The sink's insert of that message is found unfinished, as if its replica had died
        // before committing it, and is replayed only now.
        ProgressStore.Versioned committed = store.read(lane);
        store.compareAndSet(lane, committed.revision(),
                new Progress(seq - 1, new Intent(seq, seq, "dead-replica", 0, 1, 50, recordedAt)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sinkStatus().lastError())
                .contains("cannot be replayed safely", "remembers the last 3", "replicated_deduplication_window"));
        assertThat(sinkStatus().state()).isEqualTo(WorkerStatus.FAILED);
        assertThat(store.read(lane).progress().committedSeq()).isEqualTo(seq - 1);
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + TABLE)).isEqualTo(55);
    }

    private static WorkerStatus sinkStatus() throws Exception {
        KeyValue status = nats.keyValue(NAMES.statusBucket());
        for (String key : status.keys()) {
            KeyValueEntry entry = status.get(key);
            if (entry != null && entry.getValue() != null) {
                WorkerStatus report = ControlJson.readStatus(entry.getValue());
                if (report.component().equals("sink") && report.pipelineId().equals(PIPELINE)) {
                    return report;
                }
            }
        }
        throw new AssertionError("no sink status yet");
    }

    private static long publish(int partition, int events) throws Exception {
        List<BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            long id = offset++;
            String event = "{\"order_id\":\"o-" + id + "\",\"customer\":{\"id\":" + id + "},\"amount\":1.5,"
                    + "\"status\":\"new\",\"created_at\":\"2026-01-01T00:00:00Z\"}";
            records.add(new BatchRecord(id, System.currentTimeMillis(), null, event.getBytes(StandardCharsets.UTF_8)));
        }
        return nats.jetStream().publish(NAMES.dedupSubject(PIPELINE, "orders", partition),
                BatchCodec.encode(new Batch("orders", partition, records))).getSeqno();
    }
}

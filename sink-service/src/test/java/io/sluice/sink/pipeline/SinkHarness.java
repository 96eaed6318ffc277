package io.sluice.sink.pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.PublishAck;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ControlKeys;
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
import io.sluice.testsupport.TestNamespace;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The sink-service as deployed, for a test class: its own NATS prefix and ClickHouse database, the
 * definitions and status buckets the api-service would create, pipelines written into the
 * definitions bucket as the api-service writes them, dedup output published as dedup publishes it,
 * and the sink's status read back as the api-service reads it.
 */
final class SinkHarness {

    static final String SOURCE = "orders";

    final TestNamespace namespace;
    final NatsNames names;
    final LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();
    final ClickHouseHttp clickHouse = new ClickHouseHttp(endpoints.clickHouseUrl());
    private final Set<String> pipelines = new LinkedHashSet<>();
    private Connection nats;
    private long offset;

    SinkHarness(Class<?> testClass) {
        this.namespace = TestNamespace.forClass(testClass);
        this.names = NatsNames.withPrefix(namespace.natsPrefix());
    }

    /** The service's settings: this class's servers and prefix, status reported every half second. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("sluice.nats.url", endpoints::natsUrl);
        registry.add("sluice.nats.prefix", namespace::natsPrefix);
        registry.add("sluice.worker.replica-id", () -> "sink-a");
        registry.add("sluice.worker.heartbeat-interval", () -> "500ms");
    }

    /**
     * {@link #register} for a test that writes a lane's progress itself (an insert "left unfinished
     * by a dead replica") without publishing to the lane. Nothing rings the parked lane then, as
     * when a ring is lost to a reconnect, so it finds the insert at its idle wait's progress read:
     * every second here, instead of with its 2-minute look.
     */
    void registerForProgressWrittenByTheTest(DynamicPropertyRegistry registry) {
        register(registry);
        registry.add("sluice.sink.idle-wait", () -> "1s");
    }

    void start() throws Exception {
        clickHouse.createDatabase(namespace.clickHouseDatabase());
        nats = Nats.connect(endpoints.natsUrl());
        var kvm = nats.keyValueManagement();
        kvm.create(KeyValueConfiguration.builder().name(names.definitionsBucket()).maxHistoryPerKey(1).build());
        kvm.create(KeyValueConfiguration.builder().name(names.statusBucket()).maxHistoryPerKey(1).ttl(Duration.ofMinutes(1)).build());
    }

    /** {@link #start()}, then the replicated orders table and {@code pipeline} inserting into it: how most sink tests begin. */
    void startWithOrdersPipeline(String pipeline) throws Exception {
        start();
        createOrdersTable(SOURCE, replicated(SOURCE, ""));
        run(pipeline, SOURCE, "");
    }

    /** Waits for the service to have created the pipeline's data stream, before publishing into it. */
    void awaitDataStream(String pipeline) throws Exception {
        JetStreamProbe.awaitStream(nats, names.dataStream(pipeline), Duration.ofSeconds(30));
    }

    Connection nats() {
        return nats;
    }

    /** {@code <database>.<name>} */
    String table(String name) {
        return namespace.clickHouseDatabase() + "." + name;
    }

    /** The example orders table, with the given engine clause (e.g. {@code ENGINE = MergeTree ORDER BY order_id}). */
    void createOrdersTable(String name, String engine) {
        clickHouse.execute("CREATE TABLE " + table(name) + " (order_id String, customer_id UInt64, amount Float64, "
                + "status String, created_at DateTime) " + engine);
    }

    /** A ReplicatedMergeTree engine clause for {@code name}, with the given extra SETTINGS (or none). */
    String replicated(String name, String settings) {
        return "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + namespace.id() + "/" + name + "', '{replica}') "
                + "ORDER BY order_id" + (settings.isEmpty() ? "" : " SETTINGS " + settings);
    }

    /** deploy/examples/orders-dedup.json as {@code pipeline} into {@code table}, 200 ms batches, plus {@code sinkExtra}. */
    void run(String pipeline, String table, String sinkExtra) throws Exception {
        String json = Files.readString(Path.of("../deploy/examples/orders-dedup.json"))
                .replace("\"id\": \"orders-dedup\"", "\"id\": \"" + pipeline + "\"")
                .replace("\"database\": \"default\"", "\"database\": \"" + namespace.clickHouseDatabase() + "\"")
                .replace("\"table\": \"orders\"", "\"table\": \"" + table + "\"")
                .replace("http://localhost:8123", endpoints.clickHouseUrl())
                .replace("\"maxDelay\": \"1s\"", "\"maxDelay\": \"200ms\"" + sinkExtra);
        pipelines.add(pipeline);
        nats.keyValue(names.definitionsBucket()).put(pipeline,
                ControlJson.write(new PipelineControl(PipelineJson.read(json), DesiredState.RUNNING, 1, Instant.now())));
    }

    /** Writes the pipeline's control value again with another desired state and the next revision. */
    void desire(String pipeline, DesiredState state) throws Exception {
        KeyValue definitions = nats.keyValue(names.definitionsBucket());
        PipelineControl current = ControlJson.readControl(definitions.get(pipeline).getValue());
        definitions.put(pipeline, ControlJson.write(new PipelineControl(current.definition(), state, current.revision() + 1,
                Instant.now())));
    }

    /** One dedup output message of {@code events} new orders on a partition; returns its stream sequence. */
    long publish(String pipeline, int partition, int events) throws Exception {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            long id = offset + i;
            orders.add("{\"order_id\":\"o-" + id + "\",\"customer\":{\"id\":" + id + "},\"amount\":1.5,"
                    + "\"status\":\"new\",\"created_at\":\"2026-01-01T00:00:00Z\"}");
        }
        return publish(pipeline, partition, orders).getSeqno();
    }

    /** One dedup output message of these events on a partition, at the next offsets. */
    PublishAck publish(String pipeline, int partition, List<String> events) throws Exception {
        List<BatchRecord> records = new ArrayList<>();
        for (String event : events) {
            records.add(new BatchRecord(offset++, System.currentTimeMillis(), null, event.getBytes(StandardCharsets.UTF_8)));
        }
        return nats.jetStream().publish(names.dedupSubject(pipeline, SOURCE, partition),
                BatchCodec.encode(new Batch(SOURCE, partition, records)));
    }

    /** The sink's latest status report for {@code pipeline}. */
    WorkerStatus sinkStatus(String pipeline) throws Exception {
        KeyValue status = nats.keyValue(names.statusBucket());
        for (String key : status.keys(ControlKeys.statusKeysOf(pipeline))) {
            KeyValueEntry entry = status.get(key);
            if (entry != null && entry.getValue() != null) {
                WorkerStatus report = ControlJson.readStatus(entry.getValue());
                if (report.component() == Component.SINK && report.pipelineId().equals(pipeline)) {
                    return report;
                }
            }
        }
        throw new AssertionError("no sink status of " + pipeline + " yet");
    }

    void removeEverything() throws Exception {
        var jsm = nats.jetStreamManagement();
        for (String pipeline : pipelines) {
            for (String stream : List.of(names.dataStream(pipeline), names.deadLetterStream(pipeline))) {
                try {
                    jsm.deleteStream(stream);
                } catch (Exception notCreated) {
                    // A pipeline refused at start may not have got that far.
                }
            }
        }
        for (String bucket : List.of(names.definitionsBucket(), names.statusBucket(), names.sinkProgressBucket(),
                names.sinkReplicasBucket())) {
            try {
                nats.keyValueManagement().delete(bucket);
            } catch (Exception notCreated) {
                // The progress bucket exists only once a lane ran.
            }
        }
        nats.close();
        clickHouse.dropDatabase(namespace.clickHouseDatabase());
    }
}

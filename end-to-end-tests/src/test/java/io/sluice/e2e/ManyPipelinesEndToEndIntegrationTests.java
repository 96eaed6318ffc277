package io.sluice.e2e;

import static io.sluice.e2e.E2eSupport.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.ProcessCpu;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.testsupport.TestProducers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hundreds of pipelines on one installation, with the default settings on the machine's one NATS
 * server: {@code sluice.pipelines.count} (50 unless set, to keep the suite short, as for the
 * README's capacity table) dedup pipelines are created and started through the REST API, each
 * gets a trickle of events with duplicates and must deliver exactly its unique ones; then, idle,
 * every service and NATS are measured (CPU from {@code /proc}, threads, resident memory) against
 * the same services before the pipelines existed, into {@code target/capacity.txt}; then every
 * pipeline is deleted and no stream or stage key of any is left behind.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.REDIS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class ManyPipelinesEndToEndIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(ManyPipelinesEndToEndIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    private static final NatsNames NAMES = NatsNames.withPrefix(NAMESPACE.natsPrefix());
    private static final RedisProcess REDIS = new RedisProcess();
    private static final int PIPELINES = Integer.getInteger("sluice.pipelines.count", 50);
    /** Per pipeline: keys 0..7 once, then keys 0 and 1 again. */
    /**
     * How long a source must be quiet before its Kafka consumer rests: 15 s rather than the default
     * 5 minutes, so that the idle window (which begins 30 s after the trickle) sees every source
     * resting as an installation does after 5 quiet minutes ({@code -Dsluice.pipelines.restAfter=0}
     * to measure consumers that never rest).
     */
    private static final String REST_AFTER = System.getProperty("sluice.pipelines.restAfter", "15s");
    private static final int UNIQUE = 8;
    private static final int DUPLICATES = 2;
    /**
     * How long idle cost is measured: 30 s unless {@code -Dsluice.pipelines.idleWindow=SECONDS}. The
     * pipelines start together, so their periodic work comes in bursts (the lanes' looks every 2
     * minutes, an unchanged status rewritten every 5): only a window of 5 minutes or more gives the
     * average an installation of pipelines started at different times pays.
     */
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(Long.getLong("sluice.pipelines.idleWindow", 30L));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static ServiceProcess api;

    @BeforeAll
    static void startOneReplicaOfEachServiceWithDefaultSettings() throws Exception {
        Files.createDirectories(Path.of("target", "e2e-logs"));
        REDIS.start();
        CLICKHOUSE.createDatabase(NAMESPACE.clickHouseDatabase());
        Map<String, String> common = Map.of(
                "SLUICE_NATS_URL", ENDPOINTS.natsUrl(),
                "SLUICE_NATS_PREFIX", NAMESPACE.natsPrefix());
        api = new ServiceProcess("api-service", "many-api", with(common, E2eSupport.apiEnvironment(ENDPOINTS, NAMESPACE)),
                List.of()).start();
        SERVICES.add(api);
        // -Dsluice.pipelines.linger=500ms measures ingest with another linger (how often an idle
        // consumer's poll loop turns), the setting idle ingest costs most with.
        String linger = System.getProperty("sluice.pipelines.linger");
        Map<String, String> ingest = with(common, Map.of("SLUICE_INGEST_KAFKA_RESTAFTER", REST_AFTER));
        SERVICES.add(new ServiceProcess("ingest-service", "many-ingest",
                linger == null ? ingest : with(ingest, Map.of("SLUICE_INGEST_BATCH_LINGER", linger)), List.of()).start());
        SERVICES.add(new ServiceProcess("dedup-service", "many-dedup", with(common, Map.of(
                "SLUICE_DEDUP_REDISURI", REDIS.uri(),
                "SLUICE_DEDUP_KEYPREFIX", NAMESPACE.redisPrefix())), List.of()).start());
        SERVICES.add(new ServiceProcess("sink-service", "many-sink", common, List.of()).start());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (ServiceProcess service : SERVICES) {
            service.stop();
        }
        REDIS.stop();
        CLICKHOUSE.dropDatabase(NAMESPACE.clickHouseDatabase());
    }

    @Test
    void everyOneOfHundredsOfPipelinesDeliversExactlyItsUniqueEventsIdlesCheaplyAndLeavesNothingWhenDeleted()
            throws Exception {
        List<String> pipelines = new ArrayList<>();
        for (int i = 0; i < PIPELINES; i++) {
            pipelines.add("many-" + i);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(pipelines.stream().map(p -> new NewTopic(NAMESPACE.kafkaTopic(p), 1, (short) 1)).toList())
                    .all().get();
        }
        for (String pipeline : pipelines) {
            E2eSupport.createOrdersTable(CLICKHOUSE, pipeline, NAMESPACE);
        }
        Footprint before = Footprint.measure(SERVICES);

        long creating = System.nanoTime();
        for (String pipeline : pipelines) {
            HttpResponse<String> created = E2eSupport.call(api, "POST", "/api/v1/pipelines",
                    E2eSupport.exampleDefinition(pipeline, NAMESPACE, ENDPOINTS));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> started = E2eSupport.call(api, "POST", "/api/v1/pipelines/" + pipeline + "/start", "");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        }
        double createSeconds = (System.nanoTime() - creating) / 1e9;

        long delivering = System.nanoTime();
        produceTrickle(pipelines);
        String tables = "merge('" + NAMESPACE.clickHouseDatabase() + "', '^many_')";
        E2eSupport.awaitCount(CLICKHOUSE, "SELECT count() FROM " + tables, (long) PIPELINES * UNIQUE, Duration.ofMinutes(10),
                () -> "pipelines short of their rows: " + CLICKHOUSE.queryRows("SELECT _table, count() AS c FROM " + tables
                        + " GROUP BY _table HAVING c != " + UNIQUE + " ORDER BY _table LIMIT 10"));
        double deliverSeconds = (System.nanoTime() - delivering) / 1e9;
        E2eSupport.holdsExactly(CLICKHOUSE, "(SELECT order_id FROM " + tables + ")", (long) PIPELINES * UNIQUE,
                Duration.ofSeconds(5));
        assertThat(CLICKHOUSE.queryRows("SELECT count() FROM (SELECT _table, order_id, count() AS c FROM " + tables
                + " GROUP BY _table, order_id HAVING c > 1)")).as("no row twice in any pipeline's table").containsExactly("0");
        assertThat(CLICKHOUSE.queryRows("SELECT uniqExact(_table) FROM " + tables)).containsExactly(Integer.toString(PIPELINES));
        String list = E2eSupport.call(api, "GET", "/api/v1/pipelines?size=" + PIPELINES, null).body();
        assertThat(list).as("no pipeline degraded").doesNotContain("\"health\":\"degraded\"");

        // Idle: nothing flows; what the services and NATS spend now is what the pipelines cost at rest
        // (after a pause in which the JIT compilers finish with what the delivery made hot, and the
        // sources rest; -Dsluice.pipelines.idleAfter=SECONDS to wait longer, e.g. past the default rest).
        Thread.sleep(Long.getLong("sluice.pipelines.idleAfter", 30L) * 1000);
        Footprint idle = Footprint.measure(SERVICES);
        // The first and the last pipeline's sources rest: an event each wakes them and is delivered.
        long waking = System.nanoTime();
        List<String> woken = List.of(pipelines.get(0), pipelines.get(PIPELINES - 1));
        produce(woken, UNIQUE, "after-rest");
        E2eSupport.awaitCount(CLICKHOUSE, "SELECT count() FROM " + tables, (long) PIPELINES * UNIQUE + woken.size(),
                Duration.ofMinutes(2), () -> "the events after the rest are not all in");
        double wakeSeconds = (System.nanoTime() - waking) / 1e9;
        String report = Footprint.report(PIPELINES, before, idle, createSeconds, deliverSeconds)
                + "an event each to %d pipelines idle since the trickle (ingest rests after %s) delivered in %.1f s%n"
                        .formatted(woken.size(), REST_AFTER, wakeSeconds);
        Files.writeString(Path.of("target", "capacity.txt"), report);
        System.out.println(report);
        // A minute at rest, past the status's stale-after (30 s): the replicas wrote no report since
        // the trickle, and their heartbeats alone keep every one of them reporting.
        for (String pipeline : List.of(pipelines.get(0), pipelines.get(PIPELINES - 1))) {
            JsonNode status = JSON.readTree(E2eSupport.call(api, "GET", "/api/v1/pipelines/" + pipeline + "/status", null).body());
            for (JsonNode component : status.path("components")) {
                if (!component.path("component").asString().equals("join")) {
                    assertThat(component.path("replicasReporting").asInt()).as(pipeline + " " + component).isEqualTo(1);
                    assertThat(component.path("replicasStale").asInt()).as(pipeline + " " + component).isZero();
                }
            }
        }
        // -Dsluice.pipelines.hold=SECONDS keeps them idle that long before they are deleted, to look at them.
        Thread.sleep(Long.getLong("sluice.pipelines.hold", 0L) * 1000);

        long deleting = System.nanoTime();
        for (String pipeline : pipelines) {
            assertThat(E2eSupport.call(api, "DELETE", "/api/v1/pipelines/" + pipeline, "").statusCode()).isEqualTo(204);
        }
        try (Connection nats = Nats.connect(ENDPOINTS.natsUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(jsm.getStreamNames()).as("streams of deleted pipelines")
                            .noneMatch(stream -> pipelines.stream().anyMatch(p -> stream.equals(NAMES.dataStream(p))
                                    || stream.equals(NAMES.deadLetterStream(p)))));
            for (String bucket : List.of(NAMES.sinkProgressBucket(), NAMES.dedupLanesBucket(), NAMES.dedupReplicasBucket(),
                    NAMES.statusBucket(), NAMES.definitionsBucket())) {
                List<String> keys = keysOf(nats, bucket);
                assertThat(keys).as("keys left in " + bucket).noneMatch(key -> key.startsWith("many-"));
            }
        }
        // Removal waits until no replica reports a pipeline: how long every service took to stop them all.
        String deleted = String.format("deleted through the REST API; every replica stopped them and no stream or key of any"
                + " was left after %.1f s%n", (System.nanoTime() - deleting) / 1e9);
        Files.writeString(Path.of("target", "capacity.txt"), deleted, StandardOpenOption.APPEND);
        System.out.print(deleted);
    }

    private static List<String> keysOf(Connection nats, String bucket) throws Exception {
        try {
            return nats.keyValue(bucket).keys();
        } catch (io.nats.client.JetStreamApiException missing) {
            return List.of(); // never created: nothing in it
        }
    }

    private static void produceTrickle(List<String> pipelines) {
        produce(pipelines, 0, null);
    }

    /**
     * The trickle (no {@code status}): keys from {@code firstKey}, {@link #UNIQUE} of them and
     * {@link #DUPLICATES} repeats; else one event with key {@code firstKey} and that status.
     */
    private static void produce(List<String> pipelines, int firstKey, String status) {
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        int events = status == null ? UNIQUE + DUPLICATES : 1;
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String pipeline : pipelines) {
                for (int i = 0; i < events; i++) {
                    int key = firstKey + i % UNIQUE;
                    String order = pipeline + "-" + key;
                    String json = "{\"order_id\": \"" + order + "\", \"customer\": {\"id\": " + key + "}, \"amount\": 1.5, "
                            + "\"status\": \"" + (status != null ? status : i < UNIQUE ? "first" : "dup")
                            + "\", \"created_at\": \"2026-12-05T10:00:00Z\"}";
                    producer.send(new ProducerRecord<>(NAMESPACE.kafkaTopic(pipeline), order.getBytes(StandardCharsets.UTF_8),
                            json.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    /** CPU, threads and resident memory of each service and of NATS at one moment of the run. */
    private record Footprint(ProcessCpu.Sample cpu, double seconds, Map<String, long[]> threadsAndRss) {

        static Footprint measure(List<ServiceProcess> services) throws InterruptedException {
            ProcessCpu.Sample start = ProcessCpu.sample();
            long began = System.nanoTime();
            Thread.sleep(IDLE_WINDOW.toMillis());
            ProcessCpu.Sample spent = ProcessCpu.sample().minus(start);
            double seconds = (System.nanoTime() - began) / 1e9;
            Map<String, long[]> threads = new TreeMap<>();
            for (ServiceProcess service : services) {
                threads.put(service.name(), ProcessStatus.threadsAndRss(service.pid()));
            }
            return new Footprint(spent, seconds, threads);
        }

        double percentOfACore(String label) {
            return 100 * cpu.seconds().getOrDefault(label, 0.0) / seconds;
        }

        static String report(int pipelines, Footprint before, Footprint idle, double createSeconds, double deliverSeconds) {
            StringBuilder report = new StringBuilder("""
                    %d dedup pipelines on one NATS server (default settings but ingest's rest after %s%s), one replica of each service
                    created and started through the REST API in %.1f s; a trickle of %d events each (%d duplicates) delivered in %.1f s
                    idle %d s after the trickle, over %.0f s, against the same services before any pipeline existed:
                    | process | CPU idle, 0 pipelines (%% of a core) | CPU idle, %d pipelines | threads 0 → %d | resident MB 0 → %d |
                    | --- | --- | --- | --- | --- |
                    """.formatted(pipelines, REST_AFTER, System.getProperty("sluice.pipelines.linger") == null ? ""
                            : " but ingest's linger " + System.getProperty("sluice.pipelines.linger"), createSeconds, UNIQUE + DUPLICATES, DUPLICATES, deliverSeconds,
                    Long.getLong("sluice.pipelines.idleAfter", 30L), idle.seconds, pipelines, pipelines, pipelines));
            double total0 = 0;
            double totalN = 0;
            for (String label : List.of("api", "ingest", "dedup", "sink", "nats", "kafka")) {
                boolean server = label.equals("nats") || label.equals("kafka");
                long[] was = before.threadsAndRss.getOrDefault("many-" + label, new long[] { 0, 0 });
                long[] is = idle.threadsAndRss.getOrDefault("many-" + label, new long[] { 0, 0 });
                total0 += before.percentOfACore(label);
                totalN += idle.percentOfACore(label);
                report.append("| %s | %.1f | %.1f | %s | %s |%n".formatted(label, before.percentOfACore(label),
                        idle.percentOfACore(label), server ? "–" : was[0] + " → " + is[0], server ? "–" : was[1] / 1024 + " → " + is[1] / 1024));
            }
            report.append("| all | %.1f | %.1f | | |%n".formatted(total0, totalN));
            report.append("(kafka: the broker answering ingest's idle fetches; ClickHouse, PostgreSQL and Redis are not counted)\n");
            return report.toString();
        }
    }
}

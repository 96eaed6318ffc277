package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka → ingest → dedup → sink → ClickHouse with every service a separate JVM started from its
 * packaged jar, configured through the REST API like a user would, two replicas of dedup and of sink.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.REDIS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class PipelineEndToEndIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineEndToEndIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    private static final String TOKEN = "e2e-bootstrap-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // Not mapped to a column: brings events to ~300 bytes, a typical size for the benchmark.
    private static final String NOTE = "x".repeat(160);

    private static final RedisProcess REDIS = new RedisProcess();
    private static ServiceProcess api;
    private static ServiceProcess ingest;
    private static final List<ServiceProcess> DEDUP = new ArrayList<>();
    private static final List<ServiceProcess> SINK = new ArrayList<>();

    @BeforeAll
    static void startEveryServiceAsItsOwnProcess() throws Exception {
        Files.createDirectories(Path.of("target", "e2e-logs"));
        REDIS.start();
        CLICKHOUSE.createDatabase(NAMESPACE.clickHouseDatabase());
        Map<String, String> common = Map.of(
                "SLUICE_NATS_URL", ENDPOINTS.natsUrl(),
                "SLUICE_NATS_PREFIX", NAMESPACE.natsPrefix(),
                "SLUICE_WORKER_HEARTBEATINTERVAL", "1s");
        api = new ServiceProcess("api-service", "api", with(common, Map.of(
                "SLUICE_POSTGRES_URL", ENDPOINTS.postgresJdbcUrl(),
                "SLUICE_POSTGRES_USER", ENDPOINTS.postgresUser(),
                "SLUICE_POSTGRES_PASSWORD", ENDPOINTS.postgresPassword(),
                "SLUICE_POSTGRES_SCHEMA", NAMESPACE.postgresSchema(),
                "SLUICE_ENCRYPTION_KEY", "ZTJlLW9ubHktZTJlLW9ubHktZTJlLW9ubHktZTJlLTE=",
                "SLUICE_BOOTSTRAP_TOKEN", TOKEN)), List.of()).start();
        // A killed consumer leaves its group only when its session times out: keep that short.
        ingest = new ServiceProcess("ingest-service", "ingest", with(common, Map.of("SLUICE_WORKER_REPLICAID", "ingest-1")),
                List.of("--sluice.ingest.kafka.consumer.[session.timeout.ms]=10000",
                        "--sluice.ingest.kafka.consumer.[heartbeat.interval.ms]=2000")).start();
        for (int i = 1; i <= 2; i++) {
            DEDUP.add(new ServiceProcess("dedup-service", "dedup-" + i, with(common, Map.of(
                    "SLUICE_WORKER_REPLICAID", "dedup-" + i,
                    "SLUICE_DEDUP_REDISURI", REDIS.uri(),
                    "SLUICE_DEDUP_KEYPREFIX", NAMESPACE.redisPrefix(),
                    "SLUICE_DEDUP_LEASE", "5s")), List.of()).start());
            SINK.add(new ServiceProcess("sink-service", "sink-" + i, with(common, Map.of(
                    "SLUICE_WORKER_REPLICAID", "sink-" + i,
                    "SLUICE_SINK_LEASE", "5s")), List.of()).start());
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (ServiceProcess service : concat()) {
            service.stop();
        }
        REDIS.stop();
        CLICKHOUSE.dropDatabase(NAMESPACE.clickHouseDatabase());
    }

    @Test
    void keepsExactlyTheFirstEventOfEachKeyAndDeadLettersMalformedOnes() throws Exception {
        String pipeline = "orders";
        createTableAndPipeline(pipeline);
        List<byte[]> malformed = List.of(
                "{not json".getBytes(StandardCharsets.UTF_8),
                "{\"amount\": 3}".getBytes(StandardCharsets.UTF_8),
                "{\"order_id\": \"x-1\", \"customer\": {\"id\": \"not a number\"}}".getBytes(StandardCharsets.UTF_8),
                new byte[] { '{', '"', 'o', '"', ':', (byte) 0xC3, (byte) 0x28, '}' });

        int malformedSent = produce(pipeline, 100_000, 20_000, malformed, () -> { });

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table(pipeline)) >= 80_000);
        assertExactlyTheFirstEvents(pipeline, 80_000);
        await().atMost(Duration.ofMinutes(1)).until(() -> deadLetterCount(pipeline) == malformedSent);
    }

    @Test
    void losesAndDuplicatesNothingWhenServicesAreKilledMidStream() throws Exception {
        String pipeline = "orders-crash";
        createTableAndPipeline(pipeline);
        Random random = new Random(42);
        List<ServiceProcess> victims = List.of(ingest, DEDUP.get(0), SINK.get(0), DEDUP.get(1), SINK.get(1));
        int[] produced = { 0 };

        produce(pipeline, 200_000, 40_000, List.of(), () -> {
            // Every ~25,000 events produced, SIGKILL one service and start it again.
            if (++produced[0] % 25_000 == 0) {
                ServiceProcess victim = victims.get(random.nextInt(victims.size()));
                try {
                    victim.kill();
                    victim.start();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        ServiceProcess sink = SINK.get(1);
        sink.kill();
        sink.start();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                .until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table(pipeline)) >= 160_000);
        // Give late replays every chance to show a duplicate before asserting there is none.
        await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).until(() -> true);
        assertExactlyTheFirstEvents(pipeline, 160_000);
        assertThat(victims.stream().mapToInt(ServiceProcess::starts).sum()).isGreaterThanOrEqualTo(victims.size() + 5);
    }

    @Test
    void catchesUpByItselfAfterClickHouseWasDownAndRedisRestarted() throws Exception {
        String pipeline = "orders-outage";
        createTableAndPipeline(pipeline);
        // Only a ClickHouse this project's script runs can be stopped from here.
        Assumptions.assumeTrue(servers("status", "clickhouse").contains("managed"),
                "ClickHouse is not managed by deploy/local/servers.sh here, so it cannot be stopped");
        int[] produced = { 0 };

        produce(pipeline, 60_000, 12_000, List.of(), () -> {
            try {
                if (++produced[0] == 20_000) {
                    servers("down", "clickhouse");
                    assertThat(servers("status", "clickhouse")).contains("DOWN");
                } else if (produced[0] == 40_000) {
                    // Redis restarts while ClickHouse is still down; the sink keeps retrying meanwhile.
                    REDIS.stop();
                    REDIS.start();
                    await().pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(31)).until(() -> true);
                    servers("up", "clickhouse");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table(pipeline)) >= 48_000);
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertExactlyTheFirstEvents(pipeline, 48_000);
    }

    /**
     * Not a test: a measurement, run only with {@code -Dsluice.benchmark=true} (see README). Sluice's
     * rate over a backlog of 1,000,000 events against a naive direct copy of the same topic into
     * ClickHouse on the same machine, and end-to-end latency while events arrive at a steady rate.
     */
    @Test
    void benchmarkAgainstADirectCopy() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sluice.benchmark"), "benchmark: run with -Dsluice.benchmark=true");
        int total = Integer.getInteger("sluice.benchmark.events", 1_000_000);
        String pipeline = "bench";
        createTableAndPipeline(pipeline, false);
        produce(pipeline, total, total / 10, List.of(), () -> { });

        long directStart = System.nanoTime();
        long copied = DirectCopy.copy(ENDPOINTS, NAMESPACE.kafkaTopic(pipeline), NAMESPACE.id(), CLICKHOUSE,
                NAMESPACE.clickHouseDatabase() + ".direct_copy", total);
        double directSeconds = (System.nanoTime() - directStart) / 1e9;

        long sluiceStart = System.nanoTime();
        assertThat(call("POST", "/api/v1/pipelines/" + pipeline + "/start", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table(pipeline)) >= total - total / 10);
        double sluiceSeconds = (System.nanoTime() - sluiceStart) / 1e9;
        assertExactlyTheFirstEvents(pipeline, total - total / 10);

        String live = "bench-live";
        createTableAndPipeline(live, true);
        long liveStart = System.nanoTime();
        int[] sent = { 0 };
        produce(live, 200_000, 20_000, List.of(), () -> {
            // About 20,000 events/s: latency under a steady load, not the backlog's waiting time.
            if (++sent[0] % 2_000 == 0) {
                long due = liveStart + sent[0] * 50_000L;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
        });
        await().atMost(Duration.ofMinutes(5)).until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table(live)) >= 180_000);

        String report = """
                events: %,d (%,d duplicates), ~300 bytes each
                direct Kafka->ClickHouse copy (JSONEachRow, no dedup): %,d events in %.1f s = %,.0f events/s
                Sluice end to end (ingest, 2 dedup, 2 sink replicas): %,d events in %.1f s = %,.0f events/s, %,d duplicates removed
                ratio Sluice / direct copy: %.2f
                end-to-end latency at ~20,000 events/s (Kafka timestamp -> inserted): p50 %s, p99 %s
                """.formatted(total, total / 10, copied, directSeconds, copied / directSeconds, total, sluiceSeconds,
                total / sluiceSeconds, total / 10, (total / sluiceSeconds) / (copied / directSeconds),
                latencyQuantile(live, "0.5"), latencyQuantile(live, "0.99"));
        Files.writeString(Path.of("target", "benchmark.txt"), report);
        System.out.println(report);
    }

    private static String latencyQuantile(String pipeline, String quantile) throws Exception {
        double worst = -1;
        for (ServiceProcess sink : SINK) {
            HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port()
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : scrape.body().split("\n")) {
                if (line.startsWith("sluice_sink_end_to_end_latency_seconds{") && line.contains("pipeline=\"" + pipeline + "\"")
                        && line.contains("quantile=\"" + quantile + "\"")) {
                    worst = Math.max(worst, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        }
        return worst < 0 ? "n/a" : String.format("%.0f ms", worst * 1000);
    }

    private static String servers(String command, String server) throws Exception {
        Process process = new ProcessBuilder("../deploy/local/servers.sh", command, server).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static void assertExactlyTheFirstEvents(String pipeline, long distinct) {
        String table = table(pipeline);
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table)).isEqualTo(distinct);
        assertThat(CLICKHOUSE.queryLong("SELECT uniqExact(order_id) FROM " + table)).isEqualTo(distinct);
        // Duplicates carry a different payload: none of them may be in ClickHouse.
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table + " WHERE status != 'first'")).isZero();
    }

    /**
     * {@code distinct} first events, then {@code duplicates} later events with an existing key and
     * another payload, keyed by order id (per-key order is Kafka's partition order), malformed ones mixed in.
     */
    private static int produce(String pipeline, int total, int duplicates, List<byte[]> malformed, Runnable afterEach)
            throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ENDPOINTS.kafkaBootstrapServers());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        int distinct = total - duplicates;
        int malformedSent = 0;
        Random random = new Random(7);
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                boolean first = i < distinct;
                int key = first ? i : random.nextInt(distinct);
                String event = "{\"order_id\":\"o-" + key + "\",\"customer\":{\"id\":" + (key % 1000) + "},\"amount\":" + (key % 97)
                        + ".5,\"status\":\"" + (first ? "first" : "dup") + "\",\"created_at\":\"2026-11-25T10:00:00Z\","
                        + "\"note\":\"" + NOTE + "\"}";
                sent.add(producer.send(new ProducerRecord<>(NAMESPACE.kafkaTopic(pipeline), ("o-" + key).getBytes(StandardCharsets.UTF_8),
                        event.getBytes(StandardCharsets.UTF_8))));
                if (!malformed.isEmpty() && i % 100 == 50) {
                    sent.add(producer.send(new ProducerRecord<>(NAMESPACE.kafkaTopic(pipeline), malformed.get(malformedSent % malformed.size()))));
                    malformedSent++;
                }
                afterEach.run();
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
        return malformedSent;
    }

    private static void createTableAndPipeline(String pipeline) throws Exception {
        createTableAndPipeline(pipeline, true);
    }

    private static void createTableAndPipeline(String pipeline, boolean start) throws Exception {
        String topic = NAMESPACE.kafkaTopic(pipeline);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        CLICKHOUSE.execute("CREATE TABLE " + table(pipeline) + " (order_id String, customer_id UInt64, amount Float64, "
                + "status String, created_at DateTime) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/"
                + NAMESPACE.id() + "/" + pipeline + "', '{replica}') ORDER BY order_id");
        String definition = Files.readString(Path.of("../deploy/examples/orders-dedup.json"))
                .replace("\"id\": \"orders-dedup\"", "\"id\": \"" + pipeline + "\"")
                .replace("\"topic\": \"orders\"", "\"topic\": \"" + topic + "\"")
                .replace("localhost:9092", ENDPOINTS.kafkaBootstrapServers())
                .replace("http://localhost:8123", ENDPOINTS.clickHouseUrl())
                .replace("\"database\": \"default\"", "\"database\": \"" + NAMESPACE.clickHouseDatabase() + "\"")
                .replace("\"table\": \"orders\"", "\"table\": \"" + pipeline.replace('-', '_') + "\"")
                .replace("\"filter\": \"status != \\\"test\\\" && amount > 0\",", "");
        assertThat(call("POST", "/api/v1/pipelines", definition).statusCode()).isEqualTo(201);
        if (start) {
            assertThat(call("POST", "/api/v1/pipelines/" + pipeline + "/start", "").statusCode()).isEqualTo(200);
        }
    }

    private static String table(String pipeline) {
        return NAMESPACE.clickHouseDatabase() + "." + pipeline.replace('-', '_');
    }

    private static long deadLetterCount(String pipeline) throws Exception {
        try (Connection nats = Nats.connect(ENDPOINTS.natsUrl())) {
            return nats.jetStreamManagement().getStreamInfo(NatsNames.withPrefix(NAMESPACE.natsPrefix()).deadLetterStream(pipeline))
                    .getStreamState().getMsgCount();
        }
    }

    private static HttpResponse<String> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30));
        if (json == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> with(Map<String, String> common, Map<String, String> own) {
        Map<String, String> all = new java.util.HashMap<>(common);
        all.putAll(own);
        return all;
    }

    private static List<ServiceProcess> concat() {
        List<ServiceProcess> all = new ArrayList<>();
        for (ServiceProcess service : new ServiceProcess[] { api, ingest }) {
            if (service != null) {
                all.add(service);
            }
        }
        all.addAll(DEDUP);
        all.addAll(SINK);
        return all;
    }
}

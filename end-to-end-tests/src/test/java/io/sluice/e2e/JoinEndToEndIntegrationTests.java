package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static io.sluice.e2e.E2eSupport.servers;
import static io.sluice.e2e.E2eSupport.with;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.UnaryOperator;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orders joined with their payments through every service as its own JVM, configured through the
 * REST API: Kafka → ingest → dedup (both sides) → join (two replicas) → sink → ClickHouse.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.REDIS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class JoinEndToEndIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(JoinEndToEndIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration LEFT_WINDOW = Duration.ofSeconds(20);

    private static final RedisProcess REDIS = new RedisProcess();
    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static ServiceProcess api;
    private static ServiceProcess ingest;
    private static ServiceProcess dedup;
    private static ServiceProcess sink;
    private static final List<ServiceProcess> JOIN = new ArrayList<>();

    @BeforeAll
    static void startEveryServiceAsItsOwnProcess() throws Exception {
        Files.createDirectories(Path.of("target", "e2e-logs"));
        REDIS.start();
        CLICKHOUSE.createDatabase(NAMESPACE.clickHouseDatabase());
        Map<String, String> common = Map.of(
                "SLUICE_NATS_URL", ENDPOINTS.natsUrl(),
                "SLUICE_NATS_PREFIX", NAMESPACE.natsPrefix(),
                "SLUICE_WORKER_HEARTBEATINTERVAL", "1s");
        api = start("api-service", "join-api", with(with(common, E2eSupport.apiEnvironment(ENDPOINTS, NAMESPACE)), Map.of(
                "SLUICE_DEDUP_REDISURI", REDIS.uri(),
                "SLUICE_DEDUP_KEYPREFIX", NAMESPACE.redisPrefix())));
        ingest = start("ingest-service", "join-ingest", with(common, Map.of("SLUICE_WORKER_REPLICAID", "join-ingest")));
        dedup = start("dedup-service", "join-dedup", with(common, Map.of(
                "SLUICE_WORKER_REPLICAID", "join-dedup",
                "SLUICE_DEDUP_REDISURI", REDIS.uri(),
                "SLUICE_DEDUP_KEYPREFIX", NAMESPACE.redisPrefix(),
                "SLUICE_DEDUP_LEASE", LEASE.toSeconds() + "s")));
        for (int i = 1; i <= 2; i++) {
            JOIN.add(start("join-service", "join-" + i, with(common, Map.of(
                    "SLUICE_WORKER_REPLICAID", "join-" + i,
                    "SLUICE_JOIN_REDISURI", REDIS.uri(),
                    "SLUICE_JOIN_KEYPREFIX", NAMESPACE.redisPrefix(),
                    "SLUICE_JOIN_SHARDS", "4",
                    "SLUICE_JOIN_LEASE", LEASE.toSeconds() + "s"))));
        }
        sink = start("sink-service", "join-sink", with(common, Map.of("SLUICE_WORKER_REPLICAID", "join-sink",
                "SLUICE_SINK_LEASE", LEASE.toSeconds() + "s")));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (ServiceProcess service : SERVICES) {
            service.stop();
        }
        REDIS.stop();
        CLICKHOUSE.dropDatabase(NAMESPACE.clickHouseDatabase());
    }

    /**
     * 100,000 orders on 3 partitions and payments for 95% of them on 5, shuffled so that about half
     * the payments come before their order, 10% of the events of each side sent twice, a join
     * replica killed with kill -9 midway and started again: one row per order, each paid one with
     * its own payment, each unpaid one with null payment fields once its window ended.
     */
    @Test
    void joinsEveryOrderWithItsPaymentOnceAndWritesUnpaidOrdersWithNullsAfterTheirWindow() throws Exception {
        String pipeline = "orders-payments";
        int orders = 100_000;
        // A shuffled backlog this size takes the join tens of seconds on this machine, and an order
        // may come that long before its payment: the window must cover it (see docs/join.md).
        createTablesAndPipeline(pipeline, definition -> definition.replace("\"window\": \"" + LEFT_WINDOW.toSeconds() + "s\"",
                "\"window\": \"90s\""));
        Random random = new Random(7);
        List<ProducerRecord<byte[], byte[]>> early = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> late = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            ProducerRecord<byte[], byte[]> order = record(pipeline, "orders", "o-" + i,
                    "{\"order_id\": \"o-" + i + "\", \"customer\": {\"id\": " + (i % 97) + "}, \"amount\": " + i + ".5}");
            late.add(order);
            if (random.nextInt(10) == 0) {
                late.add(order);
            }
            if (i % 20 == 19) {
                continue; // 5% never paid
            }
            ProducerRecord<byte[], byte[]> payment = record(pipeline, "payments", "o-" + i, "{\"payment_id\": \"p-" + i
                    + "\", \"order_id\": \"o-" + i + "\", \"method\": \"" + (i % 2 == 0 ? "card" : "cash") + "\", \"paid\": " + i + ".5}");
            List<ProducerRecord<byte[], byte[]>> when = random.nextBoolean() ? early : late;
            when.add(payment);
            if (random.nextInt(10) == 0) {
                when.add(payment);
            }
        }
        Collections.shuffle(late, random);
        int half = late.size() / 2;

        produce(early);
        produce(late.subList(0, half));
        JOIN.get(0).kill();
        produce(late.subList(half, late.size()));
        JOIN.get(0).start();

        int paid = orders - orders / 20;
        String table = table(pipeline);
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table) >= orders);
        E2eSupport.holdsExactly(CLICKHOUSE, table, orders, Duration.ofSeconds(5));

        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table)).as("one row per order").isEqualTo(orders);
        assertThat(CLICKHOUSE.queryLong("SELECT uniqExact(order_id) FROM " + table)).isEqualTo(orders);
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table + " WHERE payment_id IS NOT NULL")).isEqualTo(paid);
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table + " WHERE payment_id IS NOT NULL AND (payment_id != "
                + "concat('p-', substring(order_id, 3)) OR paid != amount OR payment_method != if(toUInt32(substring(order_id, 3)) % 2 = 0, "
                + "'card', 'cash'))")).as("paid orders joined with their own payment").isZero();
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table + " WHERE payment_id IS NULL AND "
                + "toUInt32(substring(order_id, 3)) % 20 != 19")).as("unpaid rows are the unpaid orders").isZero();
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table + " WHERE payment_id IS NULL AND "
                + "(payment_method IS NOT NULL OR paid IS NOT NULL)")).isZero();
        assertThat(CLICKHOUSE.queryLong("SELECT sum(customer_id) FROM " + table))
                .isEqualTo(java.util.stream.IntStream.range(0, orders).map(i -> i % 97).asLongStream().sum());
    }

    /**
     * An inner join of 3,000 orders with their payments while every service is killed with
     * SIGKILL (each join replica twice), Redis (append-only file on) is restarted and ClickHouse is
     * stopped for 30 s, with bad events on both sides (malformed JSON, a missing join key, join keys
     * of the wrong type): exactly one row per order, and each bad event in the dead-letter stream
     * with its reason, the join never stalled by them.
     */
    @Test
    void aJoinSurvivesKillsOfEveryServiceARedisRestartAndAClickHouseOutageAndDeadLettersBadEvents() throws Exception {
        String pipeline = "orders-payments-crash";
        int orders = 3_000;
        // Windows count from when the join takes an event in, and the outages below hold one side
        // back while the other flows: a window shorter than that lag would rightly drop orders.
        createTablesAndPipeline(pipeline, definition -> definition.replace("\"type\": \"left\"", "\"type\": \"inner\"")
                .replace("\"window\": \"" + LEFT_WINDOW.toSeconds() + "s\"", "\"window\": \"10m\""));
        List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < orders; i++) {
            events.add(record(pipeline, "orders", "o-" + i,
                    "{\"order_id\": \"o-" + i + "\", \"customer\": {\"id\": 1}, \"amount\": " + i + ".5}"));
            events.add(record(pipeline, "payments", "o-" + i, "{\"payment_id\": \"p-" + i + "\", \"order_id\": \"o-" + i
                    + "\", \"method\": \"card\", \"paid\": " + i + ".5}"));
        }
        Collections.shuffle(events, random);
        // A payment without the join key passes ingest and dedup (its dedup key is there): the join refuses it.
        for (int i = 0; i < 5; i++) {
            events.add(random.nextInt(events.size()), record(pipeline, "payments", "x-" + i,
                    "{\"payment_id\": \"bad-" + i + "\", \"method\": \"card\", \"paid\": 1.0}"));
            events.add(random.nextInt(events.size()), record(pipeline, "orders", "x-" + i, "{not json " + i));
            events.add(random.nextInt(events.size()), record(pipeline, "orders", "y-" + i,
                    "{\"order_id\": {\"id\": " + i + "}, \"customer\": {\"id\": 1}, \"amount\": 1.5}"));
            events.add(random.nextInt(events.size()), record(pipeline, "payments", "y-" + i,
                    "{\"payment_id\": \"wrong-" + i + "\", \"order_id\": " + i + ", \"method\": \"card\", \"paid\": 1.0}"));
        }
        boolean clickHouseManaged = servers("status", "clickhouse").contains("managed");
        int step = events.size() / 8;

        produce(events.subList(0, step));
        JOIN.get(0).kill();
        produce(events.subList(step, 2 * step));
        JOIN.get(0).start();
        dedup.kill();
        produce(events.subList(2 * step, 3 * step));
        dedup.start();
        REDIS.stop();
        REDIS.start();
        produce(events.subList(3 * step, 4 * step));
        JOIN.get(1).kill();
        ingest.kill();
        ingest.start();
        long clickHouseDown = System.nanoTime();
        if (clickHouseManaged) {
            servers("down", "clickhouse");
        }
        produce(events.subList(4 * step, 5 * step));
        sink.kill();
        JOIN.get(1).start();
        produce(events.subList(5 * step, 6 * step));
        await().pollDelay(Duration.ofSeconds(LEASE.toSeconds() + 2)).atMost(Duration.ofSeconds(LEASE.toSeconds() + 3)).until(() -> true);
        sink.start();
        if (clickHouseManaged) {
            await().atMost(Duration.ofSeconds(40)).until(() -> System.nanoTime() - clickHouseDown >= 30_000_000_000L);
            servers("up", "clickhouse");
        }
        JOIN.get(0).kill();
        produce(events.subList(6 * step, 7 * step));
        JOIN.get(0).start();
        JOIN.get(1).kill();
        produce(events.subList(7 * step, events.size()));
        JOIN.get(1).start();

        String table = table(pipeline);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table) >= orders);
        E2eSupport.holdsExactly(CLICKHOUSE, table, orders, Duration.ofSeconds(5));

        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table)).as("one row per order").isEqualTo(orders);
        assertThat(CLICKHOUSE.queryLong("SELECT uniqExact(order_id) FROM " + table)).isEqualTo(orders);
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table + " WHERE payment_id != concat('p-', substring(order_id, 3))"
                + " OR paid != amount")).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetterReasons(pipeline))
                .filteredOn(reason -> reason.startsWith("missing join key")).containsOnly("missing join key field order_id")
                .hasSize(5));
        assertThat(deadLetterReasons(pipeline)).filteredOn(reason -> reason.startsWith("not valid JSON")).hasSize(5);
        assertThat(deadLetterReasons(pipeline)).filteredOn(reason -> reason.startsWith("field order_id is"))
                .containsOnly("field order_id is object, schema says string", "field order_id is int, schema says string")
                .hasSize(10);
    }

    /**
     * A joined row the table refuses (customer 300 in a UInt8 column) is dead-lettered by the sink;
     * once the table is fixed, its replay writes that row as it was, once. It must go to the sink:
     * back through the orders source it would be joined again from a row that is not an order.
     */
    @Test
    void replaysAJoinedRowTheTableRefusedIntoTheTableOnceItIsFixed() throws Exception {
        String pipeline = "orders-payments-replay";
        createTablesAndPipeline(pipeline, UnaryOperator.identity(), false);
        String table = table(pipeline);
        CLICKHOUSE.execute("ALTER TABLE " + table + " MODIFY COLUMN customer_id UInt8");
        assertThat(call("POST", "/api/v1/pipelines/" + pipeline + "/start", "").statusCode()).isEqualTo(200);
        List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(record(pipeline, "payments", "o-" + i, "{\"payment_id\": \"p-" + i + "\", \"order_id\": \"o-" + i
                    + "\", \"method\": \"card\", \"paid\": " + i + ".5}"));
            events.add(record(pipeline, "orders", "o-" + i, "{\"order_id\": \"o-" + i + "\", \"customer\": {\"id\": "
                    + (i == 5 ? 300 : i) + "}, \"amount\": " + i + ".5}"));
        }
        produce(events);
        await().atMost(Duration.ofMinutes(1)).until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table) >= 9);
        await().atMost(Duration.ofMinutes(1)).until(() -> deadLetterReasons(pipeline).size() == 1);

        // The fix, as a user makes it: alter the table, stop and start the pipeline, replay.
        CLICKHOUSE.execute("ALTER TABLE " + table + " MODIFY COLUMN customer_id UInt64");
        assertThat(call("POST", "/api/v1/pipelines/" + pipeline + "/stop", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> !call("GET", "/api/v1/pipelines/" + pipeline + "/status", null)
                .body().contains("\"replicaId\":\"join-sink\""));
        assertThat(call("POST", "/api/v1/pipelines/" + pipeline + "/start", "").statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = call("POST", "/api/v1/pipelines/" + pipeline + "/dlq/replay", "{}");
        assertThat(replayed.body()).contains("\"replayed\":1");

        await().atMost(Duration.ofMinutes(1)).until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table) >= 10);
        E2eSupport.holdsExactly(CLICKHOUSE, table, 10, Duration.ofSeconds(5));
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table)).isEqualTo(10);
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table + " WHERE order_id = 'o-5' AND customer_id = 300"
                + " AND payment_id = 'p-5' AND payment_method = 'card' AND paid = 5.5 AND amount = 5.5")).isEqualTo(1);
        assertThat(deadLetterReasons(pipeline)).isEmpty();
    }

    /**
     * Not a test: a measurement, run only with {@code -Dsluice.benchmark=true} (see README). A
     * backlog of orders and their payments (10% of each sent twice) joined through dedup and two
     * join replicas, against a direct copy of the orders topic alone into ClickHouse; then the
     * latency of joined rows while pairs arrive at a steady rate.
     */
    @Test
    void benchmarkAJoinAgainstADirectCopy() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sluice.benchmark"), "benchmark: run with -Dsluice.benchmark=true");
        int orders = Integer.getInteger("sluice.benchmark.orders", 200_000);
        String pipeline = "bench-join";
        createTablesAndPipeline(pipeline, definition -> definition.replace("\"window\": \"" + LEFT_WINDOW.toSeconds() + "s\"",
                "\"window\": \"1h\""), false);
        List<ProducerRecord<byte[], byte[]>> backlog = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            backlog.add(order(pipeline, i));
            backlog.add(payment(pipeline, i));
            if (i % 10 == 0) {
                backlog.add(order(pipeline, i));
                backlog.add(payment(pipeline, i));
            }
        }
        produce(backlog);

        ProcessCpu.Sample directCpuBefore = ProcessCpu.sample();
        long directStart = System.nanoTime();
        long copied = DirectCopy.copy(ENDPOINTS, topic(pipeline, "orders"), NAMESPACE.id(), CLICKHOUSE,
                NAMESPACE.clickHouseDatabase() + ".direct_copy", orders + orders / 10);
        double directSeconds = (System.nanoTime() - directStart) / 1e9;
        ProcessCpu.Sample directCpu = ProcessCpu.sample().minus(directCpuBefore);

        ProcessCpu.Sample sluiceCpuBefore = ProcessCpu.sample();
        long sluiceStart = System.nanoTime();
        assertThat(call("POST", "/api/v1/pipelines/" + pipeline + "/start", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table(pipeline)) >= orders);
        double sluiceSeconds = (System.nanoTime() - sluiceStart) / 1e9;
        ProcessCpu.Sample sluiceCpu = ProcessCpu.sample().minus(sluiceCpuBefore);
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table(pipeline))).isEqualTo(orders);

        String live = "bench-join-live";
        createTablesAndPipeline(live, definition -> definition.replace("\"window\": \"" + LEFT_WINDOW.toSeconds() + "s\"",
                "\"window\": \"1h\""), true);
        int pairs = 50_000;
        long liveStart = System.nanoTime();
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < pairs; i++) {
                producer.send(order(live, i));
                producer.send(payment(live, i));
                // About 5,000 pairs (10,000 events) a second.
                long due = liveStart + (i + 1) * 200_000L;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
        }
        await().atMost(Duration.ofMinutes(5)).until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + table(live)) >= pairs);

        LatencyHistogram latency = E2eSupport.latencyHistogram(List.of(sink), live);
        String report = """
                join: %,d orders and their %,d payments, 10%% of each sent twice (%,d events in), left join, 2 join replicas
                direct Kafka->ClickHouse copy of the orders topic alone (JSONEachRow, no dedup, no join): %,d events in %.1f s = %,.0f events/s
                Sluice end to end (ingest, dedup, 2 join replicas, sink): %,d joined rows in %.1f s = %,.0f rows/s (%,.0f events in/s)
                ratio Sluice joined rows / direct copy events: %.2f
                end-to-end latency of joined rows at ~5,000 pairs/s (order's Kafka timestamp -> inserted): p50 %s, p99 %s
                """.formatted(orders, orders, 2 * (orders + orders / 10), copied, directSeconds, copied / directSeconds, orders,
                sluiceSeconds, orders / sluiceSeconds, 2 * (orders + orders / 10) / sluiceSeconds,
                (orders / sluiceSeconds) / (copied / directSeconds), latency.describe(0.5), latency.describe(0.99))
                + ProcessCpu.comparison(directCpu, copied, sluiceCpu, 2L * (orders + orders / 10));
        Files.writeString(Path.of("target", "benchmark-join.txt"), report);
        System.out.println(report);
    }

    // The notes are not mapped to a column: they bring events to ~300 bytes, as in the dedup benchmark.
    private static ProducerRecord<byte[], byte[]> order(String pipeline, int i) {
        return record(pipeline, "orders", "o-" + i, "{\"order_id\": \"o-" + i + "\", \"customer\": {\"id\": " + (i % 97)
                + "}, \"amount\": " + i + ".5, \"note\": \"" + E2eSupport.note(i) + "\"}");
    }

    private static ProducerRecord<byte[], byte[]> payment(String pipeline, int i) {
        return record(pipeline, "payments", "o-" + i, "{\"payment_id\": \"p-" + i + "\", \"order_id\": \"o-" + i
                + "\", \"method\": \"card\", \"paid\": " + i + ".5, \"note\": \"" + E2eSupport.note(-i) + "\"}");
    }

    private static void createTablesAndPipeline(String pipeline) throws Exception {
        createTablesAndPipeline(pipeline, UnaryOperator.identity());
    }

    private static void createTablesAndPipeline(String pipeline, UnaryOperator<String> edit) throws Exception {
        createTablesAndPipeline(pipeline, edit, true);
    }

    private static void createTablesAndPipeline(String pipeline, UnaryOperator<String> edit, boolean start) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic(pipeline, "orders"), 3, (short) 1),
                    new NewTopic(topic(pipeline, "payments"), 5, (short) 1))).all().get();
        }
        CLICKHOUSE.execute("CREATE TABLE " + table(pipeline) + " (order_id String, customer_id UInt64, amount Float64, "
                + "payment_id Nullable(String), payment_method Nullable(String), paid Nullable(Float64)) "
                + "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + NAMESPACE.id() + "/" + pipeline
                + "', '{replica}') ORDER BY order_id");
        String definition = Files.readString(Path.of("../deploy/examples/orders-payments-join.json"))
                .replace("\"id\": \"orders-payments\"", "\"id\": \"" + pipeline + "\"")
                .replace("\"topic\": \"orders\"", "\"topic\": \"" + topic(pipeline, "orders") + "\"")
                .replace("\"topic\": \"payments\"", "\"topic\": \"" + topic(pipeline, "payments") + "\"")
                .replace("localhost:9092", ENDPOINTS.kafkaBootstrapServers())
                .replace("http://localhost:8123", ENDPOINTS.clickHouseUrl())
                .replace("\"database\": \"default\"", "\"database\": \"" + NAMESPACE.clickHouseDatabase() + "\"")
                .replace("\"table\": \"paid_orders\"", "\"table\": \"" + pipeline.replace('-', '_') + "\"")
                .replace("\"key\": [\"order_id\"], \"window\": \"10m\"", "\"key\": [\"order_id\"], \"window\": \""
                        + LEFT_WINDOW.toSeconds() + "s\"");
        HttpResponse<String> created = call("POST", "/api/v1/pipelines", edit.apply(definition));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        if (start) {
            HttpResponse<String> started = call("POST", "/api/v1/pipelines/" + pipeline + "/start", "");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> call(String method, String path, String json) throws Exception {
        return E2eSupport.call(api, method, path, json);
    }

    private static List<String> deadLetterReasons(String pipeline) throws Exception {
        return E2eSupport.deadLetterReasons(ENDPOINTS, NAMESPACE, pipeline);
    }

    private static ProducerRecord<byte[], byte[]> record(String pipeline, String source, String key, String json) {
        return new ProducerRecord<>(topic(pipeline, source), key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    private static void produce(List<ProducerRecord<byte[], byte[]>> records) {
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static String topic(String pipeline, String source) {
        return NAMESPACE.kafkaTopic(pipeline + "-" + source);
    }

    private static String table(String pipeline) {
        return NAMESPACE.clickHouseDatabase() + "." + pipeline.replace('-', '_');
    }

    private static ServiceProcess start(String module, String name, Map<String, String> environment) {
        ServiceProcess service = new ServiceProcess(module, name, environment, List.of()).start();
        SERVICES.add(service);
        return service;
    }
}

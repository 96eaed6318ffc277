package io.sluice.e2e;

import static io.sluice.e2e.E2eSupport.servers;
import static io.sluice.e2e.E2eSupport.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfo;
import io.sluice.model.clickhouse.ClickHouseUrls;
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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sluice on the cluster topology of {@code deploy/local/servers.sh up cluster}: a three-server
 * JetStream cluster, every stream and bucket with three replicas ({@code SLUICE_NATS_REPLICAS=3}),
 * every service given the list of the three servers, and the sink writing to the two ClickHouse
 * replicas of one shard; two replicas of dedup and of sink. The NATS server that leads the
 * pipeline's data stream is killed with SIGKILL mid-stream and started again later, and ClickHouse
 * holds exactly the first event of every key while no Sluice service was restarted. With
 * {@code -Dsluice.benchmark=true}, a benchmark of the topology against a direct copy.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.NATS_CLUSTER, RealServer.REDIS_CLUSTER, RealServer.POSTGRES,
        RealServer.CLICKHOUSE, RealServer.CLICKHOUSE_REPLICAS })
class ClusterTopologyEndToEndIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(ClusterTopologyEndToEndIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    /** The first of the two replicas the pipelines write to; reads there see every row once replicated. */
    private static final ClickHouseHttp REPLICA = new ClickHouseHttp(ClickHouseUrls.split(ENDPOINTS.clickHouseReplicaUrls()).get(0));
    /** The second replica: a stall's message tells whether the rows are missing there too. */
    private static final ClickHouseHttp OTHER_REPLICA = new ClickHouseHttp(ClickHouseUrls.split(ENDPOINTS.clickHouseReplicaUrls()).get(1));
    private static final NatsNames NAMES = NatsNames.withPrefix(NAMESPACE.natsPrefix());

    private static final String REDIS_DESCRIPTION = "Redis Cluster of 3 masters with a replica each (AOF; claims WAIT 1)";
    /** Where dedup keeps its state, for dedup and for the api-service that removes it: the Redis Cluster. */
    private static final Map<String, String> DEDUP_REDIS = E2eSupport.dedupOnRedisCluster(ENDPOINTS, NAMESPACE);
    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static ServiceProcess api;

    @BeforeAll
    static void startEveryServiceOnTheCluster() throws Exception {
        Files.createDirectories(Path.of("target", "e2e-logs"));
        CLICKHOUSE.createDatabase(NAMESPACE.clickHouseDatabase());
        Map<String, String> common = Map.of(
                "SLUICE_NATS_URL", ENDPOINTS.natsClusterUrl(),
                "SLUICE_NATS_REPLICAS", "3",
                "SLUICE_NATS_PREFIX", NAMESPACE.natsPrefix(),
                "SLUICE_WORKER_HEARTBEATINTERVAL", "1s");
        api = new ServiceProcess("api-service", "cluster-api", with(with(common, DEDUP_REDIS),
                E2eSupport.apiEnvironment(ENDPOINTS, NAMESPACE)), List.of()).start();
        for (int i = 1; i <= 2; i++) {
            SERVICES.add(new ServiceProcess("ingest-service", "cluster-ingest-" + i, with(common,
                    Map.of("SLUICE_WORKER_REPLICAID", "ingest-" + i)), List.of()).start());
            SERVICES.add(new ServiceProcess("dedup-service", "cluster-dedup-" + i, with(with(common, DEDUP_REDIS), Map.of(
                    "SLUICE_WORKER_REPLICAID", "dedup-" + i,
                    "SLUICE_DEDUP_WAITREPLICAS", "1",
                    "SLUICE_DEDUP_LEASE", "5s")), List.of()).start());
            SERVICES.add(new ServiceProcess("join-service", "cluster-join-" + i, with(common, Map.of(
                    "SLUICE_WORKER_REPLICAID", "join-" + i,
                    "SLUICE_JOIN_REDISURI", ENDPOINTS.redisClusterUri(),
                    "SLUICE_JOIN_REDISCLUSTER", "true",
                    "SLUICE_JOIN_KEYPREFIX", NAMESPACE.redisPrefix(),
                    "SLUICE_JOIN_LEASE", "5s")), List.of()).start());
            SERVICES.add(new ServiceProcess("sink-service", "cluster-sink-" + i, with(common, Map.of(
                    "SLUICE_WORKER_REPLICAID", "sink-" + i,
                    "SLUICE_SINK_LEASE", "5s")), List.of()).start());
        }
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
        E2eSupport.dropDatabaseOnReplicas(NAMESPACE, ENDPOINTS);
        // Whatever happened above, the cluster is left whole for the next test.
        servers("up", "cluster");
    }

    @Test
    void losesAndDuplicatesNothingWhenTheStreamLeadersNatsServerIsKilledMidStream() throws Exception {
        String pipeline = "orders-on-cluster";
        int total = 150_000;
        int distinct = total - total / 5;
        createTableAndPipeline(pipeline);
        String stream = NAMES.dataStream(pipeline);
        try (Connection nats = Nats.connect(ENDPOINTS.natsClusterUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            // The workers create the pipeline's streams once they take it up.
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().untilAsserted(() -> {
                for (String each : List.of(stream, NAMES.deadLetterStream(pipeline))) {
                    StreamInfo info = jsm.getStreamInfo(each);
                    assertThat(info.getConfiguration().getReplicas()).as("replicas of " + each).isEqualTo(3);
                }
            });
        }
        String[] victim = { null };

        produce(pipeline, total, total - distinct, produced -> {
            if (produced == total / 3) {
                victim[0] = leaderOf(stream);
                System.out.println("NATS cluster test: kill -9 " + victim[0] + ", the leader of " + stream
                        + ", after " + produced + " events produced");
                E2eSupport.killServer(victim[0]);
            }
        });
        assertThat(victim[0]).isNotNull();
        long killedAt = System.nanoTime();
        // The rest is caught up with two servers; the third comes back and catches up itself. It
        // stays down longer than an idle consumer lives (30 s): the consumers the lanes read with
        // that lived on it are gone for good when it comes back (a CI run stalled so for 8 minutes).
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> REPLICA.queryLong("SELECT count() FROM " + table(pipeline)) >= distinct / 2
                        && System.nanoTime() - killedAt > Duration.ofSeconds(40).toNanos());
        assertThat(servers("up", victim[0])).contains(victim[0] + ": up");

        // A ceiling for a loaded CI machine, not a speed claim (alone: well under two minutes).
        E2eSupport.awaitCount(REPLICA, "SELECT count() FROM " + table(pipeline), distinct, Duration.ofMinutes(8),
                () -> "pipeline status " + E2eSupport.call(api, "GET", "/api/v1/pipelines/" + pipeline + "/status", null).body()
                        + "; on the other replica " + OTHER_REPLICA.queryLong("SELECT count() FROM " + table(pipeline))
                        + "; streams:\n" + streamStates(pipeline));
        E2eSupport.holdsExactly(REPLICA, table(pipeline), distinct, Duration.ofSeconds(10));
        assertThat(REPLICA.queryRows("SELECT count(), uniqExact(order_id), countIf(status != 'first') FROM "
                + table(pipeline))).containsExactly(distinct + "\t" + distinct + "\t0");
        for (ServiceProcess service : SERVICES) {
            assertThat(service.starts()).as(service.name() + " started once, never restarted").isEqualTo(1);
        }
    }

    @Test
    void losesAndDuplicatesNothingWhenARedisMasterIsKilledMidStreamWithClaimsOnAReplica() throws Exception {
        String pipeline = "orders-redis-failover";
        int total = 150_000;
        int distinct = total - total / 5;
        createTableAndPipeline(pipeline);

        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(pipeline, total, total - distinct,
                // About 10,000 events/s, so dedup is still claiming when the master dies.
                E2eSupport.paced(10_000)));
        // Killed once dedup has claimed a good part of the keys.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> REPLICA.queryLong("SELECT count() FROM " + table(pipeline)) >= distinct / 5);
        // A master whose replica is not in sync (left so by an earlier test) cannot fail over to it.
        awaitRedisClusterInSync("before the kill");
        String victim = aRedisMaster();
        System.out.println("Cluster test: kill -9 Redis master " + victim + " with "
                + REPLICA.queryLong("SELECT count() FROM " + table(pipeline)) + " rows in");
        E2eSupport.killServer(victim);
        // Its replica takes over after cluster-node-timeout (5 s). That master has no replica then,
        // so WAIT 1 holds the claims of its buckets back (durable, not lost) until the killed node is
        // back as its replica: the price of one replica per master (docs/dedup.md).
        producing.get();
        String killedPort = "700" + victim.substring("redis-".length());
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> !E2eSupport.redisClusterMasterPorts(ENDPOINTS).contains(killedPort)
                        && E2eSupport.redisClusterMasterPorts(ENDPOINTS).size() == 3);
        Thread.sleep(5_000);
        assertThat(servers("up", victim)).contains(victim + ": up");
        // Back as the replica of the master that took its place: from then on WAIT 1 answers there.
        awaitRedisClusterInSync("after " + victim + " started again");

        // A ceiling for a loaded CI machine, not a speed claim.
        E2eSupport.awaitCount(REPLICA, "SELECT count() FROM " + table(pipeline), distinct, Duration.ofMinutes(8),
                () -> "pipeline status " + E2eSupport.call(api, "GET", "/api/v1/pipelines/" + pipeline + "/status", null).body()
                        + "; Redis Cluster nodes:\n" + E2eSupport.redisClusterNodes(ENDPOINTS));
        E2eSupport.holdsExactly(REPLICA, table(pipeline), distinct, Duration.ofSeconds(10));
        assertThat(REPLICA.queryRows("SELECT count(), uniqExact(order_id), countIf(status != 'first') FROM "
                + table(pipeline))).containsExactly(distinct + "\t" + distinct + "\t0");
        // The failover is a warning in status, and dedup goes on: no claim it answered was lost.
        String status = E2eSupport.call(api, "GET", "/api/v1/pipelines/" + pipeline + "/status", null).body();
        assertThat(status).contains("Redis failed over").doesNotContain("dedup stopped")
                .as("dedup replicas report the Redis Cluster").contains("\"redis\":\"redis://127.0.0.1:700");
        for (ServiceProcess service : SERVICES) {
            assertThat(service.starts()).as(service.name() + " started once, never restarted").isEqualTo(1);
        }
    }

    /**
     * A left join of orders with their payments on the cluster topology, the join's state on the
     * Redis Cluster (its shards spread over the three masters), two replicas of every worker: one
     * row per order, each with its own payment, though 10% of the events of each side were sent
     * twice and half the payments came before their order.
     */
    @Test
    void joinsEveryOrderWithItsPaymentOnceOnTheClusterTopology() throws Exception {
        String pipeline = "orders-payments-cluster";
        int orders = 20_000;
        createJoinTablesAndPipeline(pipeline);
        Random random = new Random(5);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            ProducerRecord<byte[], byte[]> order = record(NAMESPACE.kafkaTopic(pipeline + "-orders"), "o-" + i,
                    "{\"order_id\": \"o-" + i + "\", \"customer\": {\"id\": " + (i % 97) + "}, \"amount\": " + i + ".5}");
            ProducerRecord<byte[], byte[]> payment = record(NAMESPACE.kafkaTopic(pipeline + "-payments"), "o-" + i,
                    "{\"payment_id\": \"p-" + i + "\", \"order_id\": \"o-" + i + "\", \"method\": \"card\", \"paid\": " + i + ".5}");
            for (ProducerRecord<byte[], byte[]> event : random.nextBoolean() ? List.of(order, payment) : List.of(payment, order)) {
                records.add(event);
                if (random.nextInt(10) == 0) {
                    records.add(event);
                }
            }
        }
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }

        String table = NAMESPACE.clickHouseDatabase() + "." + pipeline.replace('-', '_');
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .until(() -> REPLICA.queryLong("SELECT count() FROM " + table) >= orders);
        E2eSupport.holdsExactly(REPLICA, table, orders, Duration.ofSeconds(5));
        assertThat(REPLICA.queryLong("SELECT uniqExact(order_id) FROM " + table)).isEqualTo(orders);
        assertThat(REPLICA.queryLong("SELECT count() FROM " + table + " WHERE payment_id IS NULL OR payment_id != "
                + "concat('p-', substring(order_id, 3)) OR paid != amount")).as("each order with its own payment").isZero();
        String status = E2eSupport.call(api, "GET", "/api/v1/pipelines/" + pipeline + "/status", null).body();
        assertThat(status).as("the join replicas report the Redis Cluster").contains("\"redis\":\"redis://127.0.0.1:700");
        for (ServiceProcess service : SERVICES) {
            assertThat(service.starts()).as(service.name() + " started once, never restarted").isEqualTo(1);
        }
    }

    private static void createJoinTablesAndPipeline(String pipeline) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(NAMESPACE.kafkaTopic(pipeline + "-orders"), 3, (short) 1),
                    new NewTopic(NAMESPACE.kafkaTopic(pipeline + "-payments"), 3, (short) 1))).all().get();
        }
        for (String url : ClickHouseUrls.split(ENDPOINTS.clickHouseReplicaUrls())) {
            ClickHouseHttp replica = new ClickHouseHttp(url);
            replica.createDatabase(NAMESPACE.clickHouseDatabase());
            replica.execute("CREATE TABLE " + NAMESPACE.clickHouseDatabase() + "." + pipeline.replace('-', '_')
                    + " (order_id String, customer_id UInt64, amount Float64, payment_id Nullable(String),"
                    + " payment_method Nullable(String), paid Nullable(Float64)) ENGINE = ReplicatedMergeTree("
                    + "'/clickhouse/tables/{shard}/" + NAMESPACE.id() + "/" + pipeline + "', '{replica}') ORDER BY order_id");
        }
        String definition = Files.readString(Path.of("../deploy/examples/orders-payments-join.json"))
                .replace("\"id\": \"orders-payments\"", "\"id\": \"" + pipeline + "\"")
                .replace("\"topic\": \"orders\"", "\"topic\": \"" + NAMESPACE.kafkaTopic(pipeline + "-orders") + "\"")
                .replace("\"topic\": \"payments\"", "\"topic\": \"" + NAMESPACE.kafkaTopic(pipeline + "-payments") + "\"")
                .replace("localhost:9092", ENDPOINTS.kafkaBootstrapServers())
                .replace("http://localhost:8123", ENDPOINTS.clickHouseReplicaUrls())
                .replace("\"database\": \"default\"", "\"database\": \"" + NAMESPACE.clickHouseDatabase() + "\"")
                .replace("\"table\": \"paid_orders\"", "\"table\": \"" + pipeline.replace('-', '_') + "\"");
        assertThat(definition).contains(ENDPOINTS.clickHouseReplicaUrls());
        HttpResponse<String> created = E2eSupport.call(api, "POST", "/api/v1/pipelines", definition);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(E2eSupport.call(api, "POST", "/api/v1/pipelines/" + pipeline + "/start", "").statusCode()).isEqualTo(200);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String json) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitRedisClusterInSync(String when) {
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> E2eSupport.redisClusterReplicasInSync(ENDPOINTS));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the Redis Cluster's masters do not each have a replica in sync " + when + ":\n"
                    + E2eSupport.redisClusterNodes(ENDPOINTS), e);
        }
    }

    /** The servers.sh name ({@code redis-N}, port 700N) of a master of the Redis Cluster now. */
    private static String aRedisMaster() {
        String port = E2eSupport.redisClusterMasterPorts(ENDPOINTS).get(0);
        return "redis-" + port.substring(port.length() - 1);
    }

    /**
     * Events per second and core-seconds per million events of a dedup pipeline on the cluster
     * topology, against a direct Kafka→ClickHouse copy of the same topic (into the single server, as
     * the single-server benchmark's) in the same run. Written to {@code target/benchmark-cluster.txt}.
     */
    @Test
    void benchmarkOnTheClusterAgainstADirectCopy() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sluice.benchmark"), "benchmark: run with -Dsluice.benchmark=true");
        int total = Integer.getInteger("sluice.benchmark.events", 1_000_000);
        int duplicates = total / 10;
        // Warm, as a pipeline that has been running is: the JIT compilers of the services and of the
        // direct copy compile their hot paths in an unmeasured first run.
        String warmUp = "bench-cluster-warmup";
        int warmUpEvents = total / 5;
        createTableAndPipeline(warmUp);
        produce(warmUp, warmUpEvents, warmUpEvents / 10, produced -> { });
        DirectCopy.copy(ENDPOINTS, NAMESPACE.kafkaTopic(warmUp), NAMESPACE.id() + "-warmup", CLICKHOUSE,
                NAMESPACE.clickHouseDatabase() + ".direct_copy_warmup", warmUpEvents);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> REPLICA.queryLong("SELECT count() FROM " + table(warmUp)) >= warmUpEvents - warmUpEvents / 10);

        String pipeline = "bench-cluster";
        createTable(pipeline);
        produce(pipeline, total, duplicates, produced -> { });
        ProcessCpu.Sample directBefore = ProcessCpu.sample();
        long directStart = System.nanoTime();
        long copied = DirectCopy.copy(ENDPOINTS, NAMESPACE.kafkaTopic(pipeline), NAMESPACE.id(), CLICKHOUSE,
                NAMESPACE.clickHouseDatabase() + ".direct_copy", total);
        double directSeconds = (System.nanoTime() - directStart) / 1e9;
        ProcessCpu.Sample directCpu = ProcessCpu.sample().minus(directBefore);

        ProcessCpu.Sample sluiceBefore = ProcessCpu.sample();
        long sluiceStart = System.nanoTime();
        createAndStartPipeline(pipeline);
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> REPLICA.queryLong("SELECT count() FROM " + table(pipeline)) >= total - duplicates);
        double sluiceSeconds = (System.nanoTime() - sluiceStart) / 1e9;
        ProcessCpu.Sample sluiceCpu = ProcessCpu.sample().minus(sluiceBefore);
        E2eSupport.holdsExactly(REPLICA, table(pipeline), total - duplicates, Duration.ofSeconds(5));

        String report = """
                cluster topology: 3 NATS servers (streams and buckets R3), 2 ClickHouse replicas of one shard (the sink lists both), %s
                events: %,d (%,d duplicates), ~300 bytes each, after an unmeasured warm-up run of %,d
                direct Kafka->ClickHouse copy (JSONEachRow into the single server, no dedup): %,d events in %.1f s = %,.0f events/s
                Sluice end to end (2 ingest, 2 dedup, 2 sink replicas): %,d events in %.1f s = %,.0f events/s
                ratio Sluice / direct copy: %.2f
                """.formatted(REDIS_DESCRIPTION, total, duplicates, warmUpEvents, copied, directSeconds, copied / directSeconds,
                total, sluiceSeconds, total / sluiceSeconds, (total / sluiceSeconds) / (copied / directSeconds))
                + ProcessCpu.comparison(directCpu, total, sluiceCpu, total);
        Files.writeString(Path.of("target", "benchmark-cluster.txt"), report);
        System.out.println(report);
    }

    /**
     * The servers.sh name ({@code nats-N}) of the cluster server that leads {@code stream} now. A
     * loaded machine can leave a stream between leaders for a moment (its info then names none, as
     * a CI run saw): the test waits for the election rather than kill nobody.
     */
    private static String leaderOf(String stream) {
        try (Connection nats = Nats.connect(ENDPOINTS.natsClusterUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            String leader = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> jsm.getStreamInfo(stream).getClusterInfo().getLeader(), Objects::nonNull);
            // servers.sh names its cluster servers sluice-1..3 for nats-1..3.
            assertThat(leader).startsWith("sluice-");
            return "nats-" + leader.substring("sluice-".length());
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell the leader of " + stream, e);
        }
    }

    /** The pipeline's data stream as its leader reports it, and each of its consumers: for a stall's message. */
    private static String streamStates(String pipeline) {
        StringBuilder states = new StringBuilder();
        try (Connection nats = Nats.connect(ENDPOINTS.natsClusterUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            StreamInfo info = jsm.getStreamInfo(NAMES.dataStream(pipeline));
            states.append("stream ").append(info.getConfiguration().getName()).append(": ").append(info.getStreamState())
                    .append("; cluster ").append(info.getClusterInfo()).append('\n');
            for (String consumer : jsm.getConsumerNames(info.getConfiguration().getName())) {
                var consumerInfo = jsm.getConsumerInfo(info.getConfiguration().getName(), consumer);
                states.append("consumer ").append(consumer).append(": delivered ").append(consumerInfo.getDelivered())
                        .append(", ack floor ").append(consumerInfo.getAckFloor()).append(", pending ")
                        .append(consumerInfo.getNumPending()).append(", ack pending ").append(consumerInfo.getNumAckPending())
                        .append(", redelivered ").append(consumerInfo.getRedelivered()).append('\n');
            }
        } catch (Exception e) {
            states.append("(streams not readable: ").append(e).append(')');
        }
        return states.toString();
    }

    private static void createTableAndPipeline(String pipeline) throws Exception {
        createTable(pipeline);
        createAndStartPipeline(pipeline);
    }

    private static void createTable(String pipeline) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(NAMESPACE.kafkaTopic(pipeline), 3, (short) 1))).all().get();
        }
        E2eSupport.createOrdersTableOnReplicas(pipeline, NAMESPACE, ENDPOINTS);
    }

    private static void createAndStartPipeline(String pipeline) throws Exception {
        String definition = E2eSupport.exampleDefinitionOnReplicas(pipeline, NAMESPACE, ENDPOINTS);
        assertThat(E2eSupport.call(api, "POST", "/api/v1/pipelines", definition).statusCode()).isEqualTo(201);
        assertThat(E2eSupport.call(api, "POST", "/api/v1/pipelines/" + pipeline + "/start", "").statusCode()).isEqualTo(200);
    }

    private static String table(String pipeline) {
        return E2eSupport.ordersTable(pipeline, NAMESPACE);
    }

    private static void produce(String pipeline, int total, int duplicates, IntConsumer afterEach) {
        E2eSupport.produceOrders(ENDPOINTS, NAMESPACE.kafkaTopic(pipeline), total, duplicates, 11, afterEach);
    }
}

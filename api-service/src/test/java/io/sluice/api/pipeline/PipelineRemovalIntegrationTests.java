package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.JetStreamErrors;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.testsupport.TestProducers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deleting a pipeline that has run must not leave its NATS streams and the stages' recorded
 * positions behind for a pipeline created again under the same id: that one would resume from
 * the old positions (skipping its own events, or re-delivering old ones) and read the old batches.
 * The workers' traces are simulated as the stages leave them (a data stream with a batch, a
 * dead letter, a sink progress key, a dedup lane and replica heartbeat, a replay ledger entry,
 * offsets committed in ingest's Kafka consumer group, first sightings in the dedup stage's Redis),
 * with the real api-service, PostgreSQL, NATS, Kafka and Redis (the real distributor writes the
 * delete marker).
 */
@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.KAFKA, RealServer.REDIS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineRemovalIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineRemovalIntegrationTests.class);

    private static final AtomicInteger PIPELINES = new AtomicInteger();

    private static final Duration QUIET_PERIOD = Duration.ofSeconds(1);

    private static final String KAFKA = LocalEndpoints.fromEnvironment().kafkaBootstrapServers();

    private static final String TOPIC = NAMESPACE.kafkaTopic("orders");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
        registry.add("sluice.removal.quiet-period", QUIET_PERIOD::toString);
        registry.add("sluice.removal.check-interval", () -> "100ms");
        registry.add("sluice.dedup.redis-uri", () -> LocalEndpoints.fromEnvironment().redisUri());
        registry.add("sluice.dedup.key-prefix", NAMESPACE::redisPrefix);
    }

    @BeforeAll
    static void topicWithEvents() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA))) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
        }
        Properties properties = TestProducers.properties(KAFKA);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "order-" + i, "{\"order_id\": \"order-" + i + "\"}")).get();
            }
        }
    }

    @LocalServerPort
    int port;

    final NatsNames names = NatsNames.withPrefix(NAMESPACE.natsPrefix());

    ApiTestClient api;

    Connection worker;

    RedisClient redisClient;

    RedisCommands<byte[], byte[]> redis;

    @BeforeEach
    void connect() throws Exception {
        this.api = ApiTestClient.onLocalPort(this.port);
        this.worker = Nats.connect(LocalEndpoints.fromEnvironment().natsUrl());
        this.redisClient = RedisClient.create(LocalEndpoints.fromEnvironment().redisUri());
        this.redis = this.redisClient.connect(ByteArrayCodec.INSTANCE).sync();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        this.worker.close();
        this.redisClient.shutdown();
    }

    @Test
    void aPipelineRecreatedUnderADeletedIdStartsWithoutTheOldStreamsOrPositions() throws Exception {
        String id = runningPipeline();
        leaveWorkerTraces(id);
        // A neighbour whose id starts with this one's: its data must survive the removal.
        String neighbour = id + "-2";
        leaveWorkerTraces(neighbour);

        assertThat(this.api.delete("/api/v1/pipelines/" + id).statusCode()).isEqualTo(204);
        awaitRecreated(id);

        assertThat(streamExists(this.names.dataStream(id))).as("data stream of the deleted pipeline").isFalse();
        assertThat(streamExists(this.names.deadLetterStream(id))).as("dead-letter stream").isFalse();
        assertThat(keys(this.names.sinkProgressBucket(), id)).as("sink progress").isEmpty();
        assertThat(keys(this.names.dedupLanesBucket(), id)).as("dedup lanes").isEmpty();
        assertThat(keys(this.names.dedupReplicasBucket(), id)).as("dedup replica heartbeats").isEmpty();
        assertThat(keys(this.names.replayLedgerBucket(), id)).as("replay ledger").isEmpty();
        assertThat(dedupKeys(id)).as("dedup keys in Redis").isEmpty();
        assertThat(keys(this.names.joinLanesBucket(), id)).as("join lanes").isEmpty();
        assertThat(keys(this.names.joinReplicasBucket(), id)).as("join replica heartbeats").isEmpty();
        assertThat(joinKeys(id)).as("join state in Redis").isEmpty();

        assertThat(streamExists(this.names.dataStream(neighbour))).isTrue();
        assertThat(keys(this.names.sinkProgressBucket(), neighbour)).hasSize(1);
        assertThat(keys(this.names.dedupLanesBucket(), neighbour)).hasSize(1);
        assertThat(keys(this.names.dedupReplicasBucket(), neighbour)).hasSize(1);
        assertThat(keys(this.names.replayLedgerBucket(), neighbour)).hasSize(1);
        assertThat(dedupKeys(neighbour)).as("the neighbour's two first sightings and its sentinel").hasSize(3);
        assertThat(keys(this.names.joinLanesBucket(), neighbour)).hasSize(1);
        assertThat(joinKeys(neighbour)).as("the neighbour's join state").hasSize(2);
    }

    @Test
    void aWorkerStillReportingADeletedPipelineDelaysTheRemovalAndTheRecreation() throws Exception {
        String id = runningPipeline();
        leaveWorkerTraces(id);
        String statusKey = report(id, "sink", "sink-replica-1");

        assertThat(this.api.delete("/api/v1/pipelines/" + id).statusCode()).isEqualTo(204);

        // The sink replica is still draining its lanes (it reports the pipeline): its progress
        // keys could be written again, so nothing is removed and the id cannot be taken yet.
        await().during(QUIET_PERIOD.multipliedBy(3)).atMost(QUIET_PERIOD.multipliedBy(6)).untilAsserted(() -> {
            HttpResponse<String> refused = create(id);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            JsonNode problem = Definitions.parse(refused.body());
            assertThat(problem.get("detail").asString()).contains("pipeline " + id + " is still being removed");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(streamExists(this.names.dataStream(id))).isTrue();
            assertThat(keys(this.names.sinkProgressBucket(), id)).hasSize(1);
        });

        // The replica stopped the pipeline's work and withdrew its report.
        this.worker.keyValue(this.names.statusBucket()).delete(statusKey);

        awaitRecreated(id);
        assertThat(streamExists(this.names.dataStream(id))).isFalse();
        assertThat(keys(this.names.sinkProgressBucket(), id)).isEmpty();
    }

    @Test
    void aPipelineRecreatedUnderADeletedIdReadsItsTopicFromItsInitialOffsetNotFromTheOldCommits() throws Exception {
        String id = runningPipeline();
        // Ingest committed what JetStream acknowledged; with the stream gone, a new ingest would
        // resume from these offsets instead of the source's initialOffset.
        String group = "sluice-" + id + "-orders";
        try (Admin admin = kafkaAdmin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(7)))
                    .all().get();
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isNotEmpty();
        }

        assertThat(this.api.delete("/api/v1/pipelines/" + id).statusCode()).isEqualTo(204);
        awaitRecreated(id);

        try (Admin admin = kafkaAdmin()) {
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                    .as("offsets committed by the deleted pipeline's ingest").isEmpty();
            assertThat(admin.listOffsets(Map.of(new TopicPartition(TOPIC, 0), OffsetSpec.latest())).all().get()
                    .get(new TopicPartition(TOPIC, 0)).offset()).as("the topic itself").isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void anIngestConsumerStillInItsGroupDelaysTheRemoval() throws Exception {
        String id = runningPipeline();
        String group = "sluice-" + id + "-orders";
        try (KafkaConsumer<String, String> ingest = consumerIn(group)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                ingest.poll(Duration.ofMillis(200));
                return !ingest.assignment().isEmpty();
            });
            ingest.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(3)));

            assertThat(this.api.delete("/api/v1/pipelines/" + id).statusCode()).isEqualTo(204);

            // Its status report is gone (say the replica lost NATS), but it still consumes.
            await().during(QUIET_PERIOD.multipliedBy(3)).atMost(QUIET_PERIOD.multipliedBy(10)).untilAsserted(() -> {
                ingest.poll(Duration.ZERO);
                HttpResponse<String> refused = create(id);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
                assertThat(refused.body()).contains("is still being removed");
            });
            assertThat(Definitions.parse(create(id).body()).get("detail").asString())
                    .contains("still has members: an ingest replica still consumes");
        }

        awaitRecreated(id);
        try (Admin admin = kafkaAdmin()) {
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }

    @Test
    void aPipelineThatNeverRanCanBeCreatedAgainAtOnce() {
        String id = "removal-" + PIPELINES.incrementAndGet();
        assertThat(create(id).statusCode()).isEqualTo(201);
        assertThat(this.api.delete("/api/v1/pipelines/" + id).statusCode()).isEqualTo(204);

        HttpResponse<String> again = create(id);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    }

    private String runningPipeline() {
        String id = "removal-" + PIPELINES.incrementAndGet();
        assertThat(create(id).statusCode()).isEqualTo(201);
        assertThat(this.api.post("/api/v1/pipelines/" + id + "/start", "").statusCode()).isEqualTo(200);
        return id;
    }

    /** The example pipeline, reading this class's topic on the local Kafka. */
    private HttpResponse<String> create(String id) {
        ObjectNode tree = Definitions.exampleTree();
        tree.put("id", id);
        ObjectNode source = (ObjectNode) tree.get("sources").get(0);
        source.put("topic", TOPIC);
        ArrayNode brokers = ((ObjectNode) source.get("connection")).putArray("brokers");
        brokers.add(KAFKA);
        return this.api.post("/api/v1/pipelines", tree.toString());
    }

    private static Admin kafkaAdmin() {
        return Admin.create(Map.of("bootstrap.servers", KAFKA));
    }

    private static KafkaConsumer<String, String> consumerIn(String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    /** Retries the creation while it is refused as "still being removed"; any other answer fails at once. */
    private void awaitRecreated(String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> response = create(id);
            if (response.statusCode() == 409 && response.body().contains("is still being removed")) {
                return false;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return true;
        });
    }

    /** What the stages leave in NATS once they ran a pipeline, written as they write it. */
    private void leaveWorkerTraces(String id) throws Exception {
        JetStreamManagement jsm = this.worker.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(this.names.dataStream(id))
                .subjects(this.names.dataStreamSubjects(id)).storageType(StorageType.File)
                .maxAge(Duration.ofHours(1)).maxBytes(1024 * 1024).build());
        jsm.addStream(StreamConfiguration.builder().name(this.names.deadLetterStream(id))
                .subjects(this.names.deadLetterSubject(id)).storageType(StorageType.File)
                .maxAge(Duration.ofHours(1)).maxBytes(1024 * 1024).build());
        this.worker.jetStream().publish(this.names.ingestSubject(id, "orders", 0), "old batch".getBytes(StandardCharsets.UTF_8));
        this.worker.jetStream().publish(this.names.deadLetterSubject(id), "old dead letter".getBytes(StandardCharsets.UTF_8));
        bucket(this.names.sinkProgressBucket()).put(id + ".dedup.orders", "{\"committed\":1}");
        bucket(this.names.dedupLanesBucket()).put(id + ".orders.0", "{\"processed\":1}");
        bucket(this.names.dedupReplicasBucket()).put(id + ".dedup-replica-1", Long.toString(System.currentTimeMillis()));
        bucket(this.names.replayLedgerBucket()).put(id + ".9f86d081884c7d659a2feaa0c55ad015", "dlq:1");
        // The dedup stage's first sightings: <prefix>dedup:<pipeline>:<source>:<16 raw hash bytes>.
        for (byte last = 0; last < 2; last++) {
            byte[] hash = new byte[16];
            hash[0] = (byte) 0xff;
            hash[15] = last;
            this.redis.set(concat(dedupNamespace(id), hash), "1".getBytes(StandardCharsets.UTF_8));
        }
        // A lane's state-loss sentinel, which must not tell a pipeline created again under the id that state was lost.
        this.redis.set((NAMESPACE.redisPrefix() + "dedup-sentinel:" + id + ":orders:0").getBytes(StandardCharsets.UTF_8),
                "lost".getBytes(StandardCharsets.UTF_8));
        // The join state: a shard's keys under its hash tag, and the join replicas' heartbeats.
        bucket(this.names.joinLanesBucket()).put(id + ".payments.0", "{\"processed\":1}");
        bucket(this.names.joinReplicasBucket()).put(id + ".join-replica-1", Long.toString(System.currentTimeMillis()));
        this.redis.set(("{" + NAMESPACE.redisPrefix() + "join:" + id + ":3}:lane:orders.0").getBytes(StandardCharsets.UTF_8),
                "7".getBytes(StandardCharsets.UTF_8));
        this.redis.set((NAMESPACE.redisPrefix() + "join:" + id + ":replicas").getBytes(StandardCharsets.UTF_8),
                "r".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] dedupNamespace(String id) {
        return (NAMESPACE.redisPrefix() + "dedup:" + id + ":orders:").getBytes(StandardCharsets.UTF_8);
    }

    private List<byte[]> dedupKeys(String id) {
        List<byte[]> keys = new java.util.ArrayList<>(
                this.redis.keys((NAMESPACE.redisPrefix() + "dedup:" + id + ":*").getBytes(StandardCharsets.UTF_8)));
        keys.addAll(this.redis.keys((NAMESPACE.redisPrefix() + "dedup-sentinel:" + id + ":*").getBytes(StandardCharsets.UTF_8)));
        return keys;
    }

    private List<byte[]> joinKeys(String id) {
        List<byte[]> keys = new java.util.ArrayList<>(
                this.redis.keys(("{" + NAMESPACE.redisPrefix() + "join:" + id + ":*").getBytes(StandardCharsets.UTF_8)));
        keys.addAll(this.redis.keys((NAMESPACE.redisPrefix() + "join:" + id + ":*").getBytes(StandardCharsets.UTF_8)));
        return keys;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Writes a running replica's status report, as its heartbeat does; returns its key. */
    private String report(String id, String component, String replica) throws Exception {
        WorkerStatus status = new WorkerStatus(id, Component.fromJson(component), replica, WorkerState.RUNNING,
                Instant.now(), 1, 1, 0, 0, 0, null);
        this.worker.keyValue(this.names.statusBucket()).put(status.key(), ControlJson.write(status));
        return status.key();
    }

    private KeyValue bucket(String name) throws IOException, JetStreamApiException {
        KeyValueManagement kvm = this.worker.keyValueManagement();
        if (!kvm.getBucketNames().contains(name)) {
            kvm.create(KeyValueConfiguration.builder().name(name).storageType(StorageType.File).maxHistoryPerKey(1).build());
        }
        return this.worker.keyValue(name);
    }

    private List<String> keys(String bucket, String pipelineId) throws Exception {
        return bucket(bucket).keys(pipelineId + ".>");
    }

    private boolean streamExists(String stream) throws IOException {
        try {
            this.worker.jetStreamManagement().getStreamInfo(stream);
            return true;
        }
        catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
                return false;
            }
            throw new IOException(ex);
        }
    }
}

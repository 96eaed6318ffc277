package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.kafka.ConsumerGroupIds;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.testsupport.TestProducers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lag of a pipeline as the real Kafka broker tells it, through the status endpoint: no worker
 * runs here, so whatever shows was measured from the broker, not reported by ingest.
 */
@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.KAFKA })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerLagIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(BrokerLagIntegrationTests.class);

    private static final String KAFKA = LocalEndpoints.fromEnvironment().kafkaBootstrapServers();

    private static final String TOPIC = NAMESPACE.kafkaTopic("orders");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void topicWithTwoPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA))) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            }
        }
    }

    @Test
    void eventsNoPipelineConsumedAreItsLagPerPartitionAndNoneOnceItsGroupCommittedThem() throws Exception {
        ApiTestClient api = ApiTestClient.onLocalPort(port);
        assertThat(api.post("/api/v1/pipelines", definition("lagging", KAFKA)).statusCode()).isEqualTo(201);
        produce(0, 20);
        produce(1, 10);

        JsonNode lag = await().atMost(Duration.ofSeconds(20)).until(() -> brokerLag("lagging"),
                (node) -> node.path("total").asLong(-1) == 30);

        assertThat(lag.path("unknown").isMissingNode() || lag.path("unknown").isNull()).isTrue();
        JsonNode source = lag.path("sources").get(0);
        assertThat(source.path("sourceId").asString()).isEqualTo("orders");
        assertThat(source.path("topic").asString()).isEqualTo(TOPIC);
        assertThat(source.path("consumerGroup").asString()).isEqualTo(ConsumerGroupIds.ingest("lagging", "orders"));
        assertThat(source.path("partitions")).hasSize(2);
        assertThat(source.path("partitions").get(0).path("lag").asLong()).isEqualTo(20);
        assertThat(source.path("partitions").get(1).path("lag").asLong()).isEqualTo(10);
        assertThat(source.path("partitions").get(1).path("endOffset").asLong()).isEqualTo(10);

        // Consume everything in the pipeline's group and commit, as ingest does once JetStream acknowledged.
        consumeAndCommit(ConsumerGroupIds.ingest("lagging", "orders"), 30);

        JsonNode caughtUp = await().atMost(Duration.ofSeconds(20)).until(() -> brokerLag("lagging"),
                (node) -> node.path("total").asLong(-1) == 0);
        assertThat(caughtUp.path("sources").get(0).path("partitions").get(0).path("committedOffset").asLong())
                .isEqualTo(20);
    }

    @Test
    void brokerThatDoesNotAnswerLeavesTheLagUnknownWithTheReasonRatherThanZero() throws Exception {
        ApiTestClient api = ApiTestClient.onLocalPort(port);
        // Nothing listens on port 1 of this machine.
        assertThat(api.post("/api/v1/pipelines", definition("unreachable", "127.0.0.1:1")).statusCode()).isEqualTo(201);

        JsonNode lag = brokerLag("unreachable");

        assertThat(lag.path("total").isNull()).isTrue();
        assertThat(lag.path("unknown").asString()).contains("127.0.0.1:1", "did not answer");
        assertThat(lag.path("sources").get(0).path("partitions")).isEmpty();
    }

    private JsonNode brokerLag(String pipelineId) {
        HttpResponse<String> response = ApiTestClient.onLocalPort(port).get("/api/v1/pipelines/" + pipelineId + "/status");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.shared().readTree(response.body()).path("brokerLag");
    }

    private static String definition(String id, String brokers) {
        ObjectNode tree = (ObjectNode) JsonMapper.shared().readTree(resource("/examples/orders-dedup.json"));
        tree.put("id", id);
        ObjectNode source = (ObjectNode) tree.get("sources").get(0);
        source.put("topic", TOPIC);
        ((ObjectNode) source.get("connection")).putArray("brokers").add(brokers);
        return tree.toString();
    }

    private static void produce(int partition, int events) throws Exception {
        Properties properties = TestProducers.properties(KAFKA);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(TOPIC, partition, "o-" + i, "{\"order_id\": \"o-" + i + "\"}")).get();
            }
        }
    }

    private static void consumeAndCommit(String group, int events) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1)));
            int[] read = { 0 };
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                read[0] += consumer.poll(Duration.ofMillis(200)).count();
                return read[0] >= events;
            });
            consumer.commitSync();
        }
    }

    private static String resource(String path) {
        try (InputStream in = BrokerLagIntegrationTests.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

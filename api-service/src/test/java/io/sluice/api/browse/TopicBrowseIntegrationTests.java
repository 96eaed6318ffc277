package io.sluice.api.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.testsupport.TestProducers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Looking at a pipeline's source topic on the real Kafka, through the pipeline's stored connection. */
@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.KAFKA })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TopicBrowseIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(TopicBrowseIntegrationTests.class);

    static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** 2026-12-05T00:00:00Z (in the past: Kafka refuses records stamped over an hour ahead): record i is i seconds later. */
    static final long T0 = 1_796_428_800_000L;

    static boolean produced;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void topicAndPipeline() throws Exception {
        if (produced) {
            return;
        }
        String topic = NAMESPACE.kafkaTopic("browse");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Five records per partition: i even to partition 0, odd to 1.
            for (int i = 0; i < 10; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, i % 2, T0 + i * 1000L,
                        ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        ("{\"order_id\":\"o-" + i + "\",\"amount\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                record.headers().add("trace-id", ("t-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
        String definition = Files.readString(Path.of("../deploy/examples/orders-dedup.json"))
                .replace("\"id\": \"orders-dedup\"", "\"id\": \"browsed\"")
                .replace("\"topic\": \"orders\"", "\"topic\": \"" + topic + "\"")
                .replace("localhost:9092", ENDPOINTS.kafkaBootstrapServers());
        HttpResponse<String> created = client().post("/api/v1/pipelines", definition);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        produced = true;
    }

    @Test
    void showsTheNewestEventsAcrossPartitionsWithKeyHeadersAndTimestamp() {
        JsonNode look = get("/api/v1/pipelines/browsed/sources/orders/records?limit=3");

        assertThat(look.path("topic").asString()).isEqualTo(NAMESPACE.kafkaTopic("browse"));
        assertThat(look.path("complete").asBoolean()).isTrue();
        assertThat(look.path("partitions")).hasSize(2);
        assertThat(look.path("partitions").get(1).path("end").asLong()).isEqualTo(5);
        assertThat(values(look)).containsExactly("{\"order_id\":\"o-9\",\"amount\":9}", "{\"order_id\":\"o-8\",\"amount\":8}",
                "{\"order_id\":\"o-7\",\"amount\":7}");
        JsonNode newest = look.path("records").get(0);
        assertThat(newest.path("partition").asInt()).isEqualTo(1);
        assertThat(newest.path("offset").asLong()).isEqualTo(4);
        assertThat(newest.path("timestamp").asString()).isEqualTo("2026-12-05T00:00:09Z");
        assertThat(newest.path("key").asString()).isEqualTo("key-9");
        assertThat(newest.path("headers").get(0).path("name").asString()).isEqualTo("trace-id");
        assertThat(newest.path("headers").get(0).path("value").asString()).isEqualTo("t-9");
    }

    @Test
    void seeksByOffsetInOnePartition() {
        JsonNode look = get("/api/v1/pipelines/browsed/sources/orders/records?partition=1&offset=2&limit=2");

        assertThat(values(look)).containsExactly("{\"order_id\":\"o-5\",\"amount\":5}", "{\"order_id\":\"o-7\",\"amount\":7}");
    }

    @Test
    void seeksByTimeInEveryPartition() {
        JsonNode look = get("/api/v1/pipelines/browsed/sources/orders/records?from=2026-12-05T00:00:06Z&limit=10");

        assertThat(values(look)).containsExactly("{\"order_id\":\"o-6\",\"amount\":6}", "{\"order_id\":\"o-7\",\"amount\":7}",
                "{\"order_id\":\"o-8\",\"amount\":8}", "{\"order_id\":\"o-9\",\"amount\":9}");
    }

    @Test
    void wrongRequestsAreProblemsThatNameTheParameter() {
        assertProblem("/api/v1/pipelines/browsed/sources/orders/records?limit=101", 400, "limit");
        assertProblem("/api/v1/pipelines/browsed/sources/orders/records?partition=7&offset=0", 400, "partition");
        assertProblem("/api/v1/pipelines/browsed/sources/orders/records?offset=3", 400, "partition");
        assertProblem("/api/v1/pipelines/browsed/sources/orders/records?from=yesterday", 400, "from");
        assertProblem("/api/v1/pipelines/browsed/sources/orders/records?from=2026-12-05T00:00:00Z&offset=1&partition=0", 400, "from");
        HttpResponse<String> unknown = client().get("/api/v1/pipelines/browsed/sources/payments/records");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("detail").asString())
                .isEqualTo("Pipeline 'browsed' has no source 'payments'; its sources are orders.");
        assertThat(client().get("/api/v1/pipelines/ghost/sources/orders/records").statusCode()).isEqualTo(404);
    }

    private void assertProblem(String path, int status, String parameter) {
        HttpResponse<String> response = client().get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("errors").get(0).path("path").asString()).isEqualTo(parameter);
        assertThat(response.body()).doesNotContain("Exception");
    }

    private static List<String> values(JsonNode look) {
        List<String> values = new ArrayList<>();
        look.path("records").forEach((record) -> values.add(record.path("value").asString()));
        return values;
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = client().get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private ApiTestClient client() {
        return ApiTestClient.onLocalPort(port);
    }
}

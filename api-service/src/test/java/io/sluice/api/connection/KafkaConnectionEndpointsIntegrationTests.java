package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.testsupport.KafkaSecuredListeners;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.testsupport.TestProducers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.KAFKA })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaConnectionEndpointsIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(KafkaConnectionEndpointsIntegrationTests.class);

    static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();

    // Shorter than the 10 s default so the time-bound tests stay quick; the bound is what is tested.
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    static final String ORDERS = NAMESPACE.kafkaTopic("orders");

    static final String EMPTY = NAMESPACE.kafkaTopic("empty");

    static final String NOT_JSON = NAMESPACE.kafkaTopic("text");

    static final String MIXED = NAMESPACE.kafkaTopic("mixed");

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
        registry.add("sluice.connections.timeout", () -> TIMEOUT.toMillis() + "ms");
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void topics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(ORDERS, 3, (short) 1), new NewTopic(EMPTY, 2, (short) 1),
                    new NewTopic(NOT_JSON, 1, (short) 1), new NewTopic(MIXED, 3, (short) 1))).all().get();
        }
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        long now = System.currentTimeMillis();
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            // Partition 1 holds the newest event, though partitions 0 and 2 got theirs later.
            producer.send(new ProducerRecord<>(ORDERS, 1, now - 9_000, "o-0", "{\"id\":\"o-0\",\"qty\":1}")).get();
            producer.send(new ProducerRecord<>(ORDERS, 1, now - 1_000, "o-3", """
                    {"id":"o-3","qty":2,"price":9.5,"paid":true,"at":"2024-05-01T12:00:00Z","tags":["x"],\
                    "customer":{"name":"Ada","address":{"city":"Lyon"}},"extra":{}}""")).get();
            producer.send(new ProducerRecord<>(ORDERS, 0, now - 3_000, "o-1", "{\"id\":\"o-1\"}")).get();
            producer.send(new ProducerRecord<>(ORDERS, 2, now - 2_000, "o-2", "{\"id\":\"o-2\"}")).get();
            producer.send(new ProducerRecord<>(NOT_JSON, 0, now, null, "hello, not json")).get();
            // 25 events over 3 partitions, the oldest 5 beyond the default sample of 20: amount is a
            // number in 18 of the newest 20 and text in 2, coupon is in 5 of them.
            for (int i = 0; i < 25; i++) {
                String amount = (i == 21 || i == 23) ? "\"n/a\"" : (i + ".5");
                String coupon = (i % 4 == 0) ? ",\"coupon\":\"C" + i + "\"" : "";
                producer.send(new ProducerRecord<>(MIXED, i % 3, now - 60_000 + i * 1_000L, "k-" + i,
                        "{\"id\":\"m-" + i + "\",\"amount\":" + amount + ",\"at\":\"2026-12-04 10:00:00\"" + coupon + "}")).get();
            }
        }
    }

    @Test
    void testConnectsToTheRealBroker() {
        JsonNode result = post("/api/v1/connections/kafka/test", connection(ENDPOINTS.kafkaBootstrapServers()), 200);

        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(result.path("clusterId").asString()).isNotBlank();
        assertThat(result.path("brokers").asInt()).isPositive();
        assertThat(result.has("error")).isFalse();
    }

    @Test
    void unreachableBrokerGetsAClearErrorAtOnce() {
        long started = System.nanoTime();
        JsonNode result = post("/api/v1/connections/kafka/test", connection("127.0.0.1:1"), 200);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("failure").asString()).isEqualTo("unreachable");
        assertThat(result.path("error").asString()).isEqualTo("Cannot connect to any Kafka broker: 127.0.0.1:1 (connection refused)");
    }

    @Test
    void unknownHostIsNamed() {
        JsonNode result = post("/api/v1/connections/kafka/test", connection("kafka.invalid:9092"), 200);

        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("error").asString()).contains("kafka.invalid:9092 (unknown host)");
    }

    @Test
    void brokerThatNeverAnswersTimesOutWithinTheBound() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            // Accepts connections and never answers, like a listener that waits for a TLS or SASL handshake.
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                }
                catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();
            JsonNode result = post("/api/v1/connections/kafka/test", connection("127.0.0.1:" + silent.getLocalPort()), 200);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(TIMEOUT.plusSeconds(3));
            assertThat(result.path("ok").asBoolean()).isFalse();
            assertThat(result.path("failure").asString()).isEqualTo("timeout");
            assertThat(result.path("error").asString()).contains("did not answer within 3 s", "security protocol");
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void tlsAgainstAPlainListenerIsReportedAsATlsFailureAtOnce() {
        long started = System.nanoTime();
        String body = """
                {"connection": {"brokers": ["%s"], "securityProtocol": "SSL", "skipTlsVerification": true}}"""
            .formatted(ENDPOINTS.kafkaBootstrapServers());

        JsonNode result = post("/api/v1/connections/kafka/test", body, 200);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("failure").asString()).isEqualTo("tls");
        assertThat(result.path("error").asString()).startsWith("TLS handshake with the Kafka broker " + ENDPOINTS.kafkaBootstrapServers() + " failed")
            .contains("Is its listener TLS?");
    }

    @Test
    void securedListenersConnectWithTheRightCredentialsAndCaAndNameWhatIsWrongOtherwise() {
        KafkaSecuredListeners secured = KafkaSecuredListeners.fromEnvironment();
        Assumptions.assumeTrue(secured.available(), "this Kafka has no secured listeners (deploy/local/servers.sh starts them)");
        String ca = JSON.writeValueAsString(secured.caCertificatePem());
        String sasl = """
                {"connection": {"brokers": ["%s"], "securityProtocol": "SASL_PLAINTEXT", "saslMechanism": "PLAIN",
                 "username": "%s", "password": "%s"}}""";

        JsonNode loggedIn = post("/api/v1/connections/kafka/test", sasl.formatted(secured.sasl(), KafkaSecuredListeners.PLAIN_USER,
                KafkaSecuredListeners.PLAIN_PASSWORD), 200);
        JsonNode wrongPassword = post("/api/v1/connections/kafka/test", sasl.formatted(secured.sasl(),
                KafkaSecuredListeners.PLAIN_USER, "wrong"), 200);
        JsonNode trusted = post("/api/v1/connections/kafka/test", """
                {"connection": {"brokers": ["%s"], "securityProtocol": "SSL", "caCertificatePem": %s}}"""
            .formatted(secured.ssl(), ca), 200);
        JsonNode untrusted = post("/api/v1/connections/kafka/test", """
                {"connection": {"brokers": ["%s"], "securityProtocol": "SSL"}}""".formatted(secured.ssl()), 200);

        assertThat(loggedIn.path("ok").asBoolean()).as(loggedIn.toString()).isTrue();
        assertThat(wrongPassword.path("ok").asBoolean()).isFalse();
        assertThat(wrongPassword.path("failure").asString()).as(wrongPassword.toString()).isEqualTo("authentication");
        assertThat(trusted.path("ok").asBoolean()).as(trusted.toString()).isTrue();
        assertThat(untrusted.path("ok").asBoolean()).isFalse();
        assertThat(untrusted.path("failure").asString()).as(untrusted.toString()).isEqualTo("tls");
    }

    @Test
    void listsTopicsSortedWithoutInternalOnes() {
        JsonNode result = post("/api/v1/connections/kafka/topics", connection(ENDPOINTS.kafkaBootstrapServers()), 200);

        List<String> topics = new ArrayList<>();
        result.path("topics").forEach((topic) -> topics.add(topic.asString()));
        assertThat(topics).contains(ORDERS, EMPTY, NOT_JSON).isSorted().noneMatch((topic) -> topic.startsWith("__"));
    }

    @Test
    void listingTopicsOfAnUnreachableClusterIsABadGatewayProblem() {
        HttpResponse<String> response = client().post("/api/v1/connections/kafka/topics", connection("127.0.0.1:1"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("detail").asString()).contains("127.0.0.1:1 (connection refused)");
        assertThat(problem.path("failure").asString()).isEqualTo("unreachable");
    }

    @Test
    void sampleIsTheNewestEventWithItsFieldTypes() {
        JsonNode sample = post("/api/v1/connections/kafka/sample", sampleRequest(ORDERS), 200);

        assertThat(sample.path("partition").asInt()).isEqualTo(1);
        assertThat(sample.path("offset").asLong()).isEqualTo(1);
        assertThat(sample.path("key").asString()).isEqualTo("o-3");
        assertThat(sample.path("rawText").asString()).startsWith("{\"id\":\"o-3\"");
        assertThat(sample.path("json").path("customer").path("address").path("city").asString()).isEqualTo("Lyon");
        assertThat(sample.path("jsonError").isNull()).isTrue();
        List<String> fields = new ArrayList<>();
        sample.path("fields").forEach((field) -> fields.add(field.path("name").asString() + ":" + field.path("type").asString()));
        assertThat(fields).containsExactly("id:string", "qty:int", "price:float", "paid:bool", "at:timestamp", "tags:array",
                "customer.name:string", "customer.address.city:string", "extra:object");
    }

    @Test
    void sampleReadsTheNewestTwentyEventsAndSaysWhereTheirFieldsDisagree() {
        JsonNode sample = post("/api/v1/connections/kafka/sample", sampleRequest(MIXED), 200);

        JsonNode events = sample.path("events");
        assertThat(events).hasSize(20);
        List<String> keys = new ArrayList<>();
        events.forEach((event) -> keys.add(event.path("key").asString()));
        assertThat(keys.get(0)).isEqualTo("k-24");
        assertThat(keys).doesNotContain("k-0", "k-1", "k-2", "k-3", "k-4").contains("k-5");
        assertThat(events.get(0).path("partition").asInt()).isEqualTo(0);
        assertThat(events.get(0).path("offset").asLong()).isEqualTo(8);
        assertThat(events.get(0).path("timestamp").asString()).isNotBlank();
        assertThat(events.get(0).path("json").path("id").asString()).isEqualTo("m-24");
        // The top level is still the newest event, as for clients written for the one-event sample.
        assertThat(sample.path("key").asString()).isEqualTo("k-24");
        assertThat(sample.path("json").path("id").asString()).isEqualTo("m-24");

        JsonNode amount = field(sample, "amount");
        assertThat(amount.path("type").asString()).isEqualTo("float");
        assertThat(amount.path("fitsAll").asBoolean()).isFalse();
        assertThat(amount.path("seenAs").toString()).isEqualTo("[{\"type\":\"float\",\"events\":18},{\"type\":\"string\",\"events\":2}]");
        assertThat(field(sample, "at").path("type").asString()).isEqualTo("timestamp");
        assertThat(field(sample, "coupon").path("missingIn").asInt()).isEqualTo(15);
        assertThat(field(sample, "id").path("fitsAll").asBoolean()).isTrue();
    }

    @Test
    void sampleReadsFewerEventsWhenAskedOrWhenTheTopicHoldsFewer() {
        String fewer = "{\"connection\": {\"brokers\": [\"" + ENDPOINTS.kafkaBootstrapServers() + "\"]}, \"topic\": \""
                + MIXED + "\", \"count\": 5}";
        assertThat(post("/api/v1/connections/kafka/sample", fewer, 200).path("events")).hasSize(5);
        assertThat(post("/api/v1/connections/kafka/sample", sampleRequest(ORDERS), 200).path("events")).hasSize(4);
        String tooMany = fewer.replace("\"count\": 5", "\"count\": 1000");
        JsonNode problem = post("/api/v1/connections/kafka/sample", tooMany, 400);
        assertThat(problem.path("errors").get(0).path("path").asString()).isEqualTo("$.count");
    }

    private static JsonNode field(JsonNode sample, String name) {
        for (JsonNode field : sample.path("fields")) {
            if (field.path("name").asString().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + sample.path("fields"));
    }

    @Test
    void samplingLeavesNoConsumerGroupBehind() throws Exception {
        post("/api/v1/connections/kafka/sample", sampleRequest(ORDERS), 200);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            assertThat(admin.listGroups().all().get()).noneMatch((group) -> group.groupId().contains("sluice-api"));
        }
    }

    @Test
    void sampleOfAnEventThatIsNotJsonStillShowsItsText() {
        JsonNode sample = post("/api/v1/connections/kafka/sample", sampleRequest(NOT_JSON), 200);

        assertThat(sample.path("rawText").asString()).isEqualTo("hello, not json");
        assertThat(sample.path("json").isNull()).isTrue();
        assertThat(sample.path("jsonError").asString()).startsWith("The latest event is not JSON");
        assertThat(sample.path("fields")).isEmpty();
    }

    @Test
    void sampleOfAnEmptyTopicSaysSo() {
        HttpResponse<String> response = client().post("/api/v1/connections/kafka/sample", sampleRequest(EMPTY));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("detail").asString()).isEqualTo("Topic '" + EMPTY
                + "' has no events yet (all 2 partitions are empty): produce one, then sample again.");
        assertThat(problem.path("failure").asString()).isEqualTo("empty");
    }

    @Test
    void sampleOfAnUnknownTopicSaysItDoesNotExist() {
        String topic = NAMESPACE.kafkaTopic("missing");
        HttpResponse<String> response = client().post("/api/v1/connections/kafka/sample", sampleRequest(topic));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(response.body()).path("detail").asString()).isEqualTo("Topic '" + topic + "' does not exist");
    }

    @Test
    void aRequestThatCannotBeTriedListsEveryProblem() {
        HttpResponse<String> response = client().post("/api/v1/connections/kafka/sample", """
                {"connection": {"brokers": ["no-port"], "securityProtocol": "SASL_SSL"}, "topic": "a b"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        List<String> paths = new ArrayList<>();
        JSON.readTree(response.body()).path("errors").forEach((error) -> paths.add(error.path("path").asString()));
        assertThat(paths).contains("$.connection.brokers[0]", "$.connection.saslMechanism", "$.connection.username",
                "$.topic");
    }

    @Test
    void aBodyOfTheWrongShapeIsABadRequestProblem() {
        HttpResponse<String> response = client().post("/api/v1/connections/kafka/test",
                "{\"connection\": {\"brokers\": [\"k:9092\"], \"securityProtocol\": \"CARRIER_PIGEON\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"status\":400", "securityProtocol").doesNotContain("Exception");
    }

    private static String connection(String brokers) {
        return "{\"connection\": {\"brokers\": [\"" + brokers + "\"]}}";
    }

    private static String sampleRequest(String topic) {
        return "{\"connection\": {\"brokers\": [\"" + ENDPOINTS.kafkaBootstrapServers() + "\"]}, \"topic\": \"" + topic + "\"}";
    }

    private ApiTestClient client() {
        return ApiTestClient.onLocalPort(port);
    }

    private JsonNode post(String path, String body, int expectedStatus) {
        HttpResponse<String> response = client().post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}

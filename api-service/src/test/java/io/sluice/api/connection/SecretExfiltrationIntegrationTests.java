package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.testsupport.KafkaSecuredListeners;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored password goes only where it was stored for. Editing a pipeline to point at another
 * host, or a connection helper naming the pipeline, must not carry the stored secret there, nor over
 * weaker security than it was stored with.
 */
@RealServers({ RealServer.POSTGRES, RealServer.NATS, RealServer.KAFKA })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecretExfiltrationIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(SecretExfiltrationIntegrationTests.class);

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String MASK = "********";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    final String clickHousePassword = "ch-pw-" + UUID.randomUUID();

    @Test
    void editPointingTheSinkAtAnotherHostMustReenterThePasswordAndTheOtherHostNeverGetsIt() throws Exception {
        try (CapturingHttpServer capture = new CapturingHttpServer(200, "{\"data\": [{\"version\": \"24.1\"}]}")) {
            ObjectNode definition = example("sink-moved");
            ((ObjectNode) definition.get("sink")).put("username", "writer").put("password", this.clickHousePassword);
            assertThat(api().post("/api/v1/pipelines", definition.toString()).statusCode()).isEqualTo(201);
            ObjectNode read = (ObjectNode) JSON.readTree(api().get("/api/v1/pipelines/sink-moved").body()).get("definition");
            ((ObjectNode) read.get("sink")).put("url", capture.url());

            HttpResponse<String> edited = api().put("/api/v1/pipelines/sink-moved", read.toString(), "\"0\"");
            HttpResponse<String> tested = api().post("/api/v1/connections/clickhouse/test?pipeline=sink-moved",
                    "{\"url\": \"" + capture.url() + "\", \"username\": \"writer\", \"password\": \"" + MASK + "\"}");

            assertThat(edited.statusCode()).as(edited.body()).isEqualTo(422);
            assertThat(error(edited, "$.sink.password")).contains("re-enter the password: the URL changed");
            assertThat(tested.statusCode()).as(tested.body()).isEqualTo(400);
            assertThat(error(tested, "$.password")).contains("re-enter the password");
            assertThat(capture.credentialsReceived()).noneMatch((received) -> received.contains(this.clickHousePassword));
        }
    }

    @Test
    void editChangingTheSinkUserMustReenterThePassword() {
        ObjectNode definition = example("sink-user");
        ((ObjectNode) definition.get("sink")).put("username", "writer").put("password", this.clickHousePassword);
        api().post("/api/v1/pipelines", definition.toString());
        ObjectNode read = (ObjectNode) JSON.readTree(api().get("/api/v1/pipelines/sink-user").body()).get("definition");
        ((ObjectNode) read.get("sink")).put("username", "default");

        HttpResponse<String> edited = api().put("/api/v1/pipelines/sink-user", read.toString(), "\"0\"");

        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(422);
        assertThat(error(edited, "$.sink.password")).contains("re-enter the password: the username changed");
    }

    @Test
    void storedKafkaPasswordIsNotSentToASecondListenerWithWeakerSecurity() {
        KafkaSecuredListeners secured = KafkaSecuredListeners.fromEnvironment();
        Assumptions.assumeTrue(secured.available(), "this Kafka has no secured listeners (deploy/local/servers.sh starts them)");
        ObjectNode definition = example("kafka-moved");
        ((ObjectNode) definition.get("sources").get(0)).set("connection", JSON.readTree("""
                {"brokers": ["%s"], "securityProtocol": "SASL_SSL", "saslMechanism": "PLAIN", "username": "%s",
                 "password": "%s", "caCertificatePem": %s}""".formatted(secured.saslSsl(), KafkaSecuredListeners.PLAIN_USER,
                KafkaSecuredListeners.PLAIN_PASSWORD, JSON.writeValueAsString(secured.caCertificatePem()))));
        assertThat(api().post("/api/v1/pipelines", definition.toString()).statusCode()).isEqualTo(201);
        String sameAsStored = """
                {"connection": {"brokers": ["%s"], "securityProtocol": "SASL_SSL", "saslMechanism": "PLAIN",
                 "username": "%s", "password": "%s", "caCertificatePem": %s}}""".formatted(secured.saslSsl(),
                KafkaSecuredListeners.PLAIN_USER, MASK, JSON.writeValueAsString(secured.caCertificatePem()));
        String unverified = """
                {"connection": {"brokers": ["%s"], "securityProtocol": "SASL_SSL", "saslMechanism": "PLAIN",
                 "username": "%s", "password": "%s", "skipTlsVerification": true}}""".formatted(secured.saslSsl(),
                KafkaSecuredListeners.PLAIN_USER, MASK);
        ObjectNode read = (ObjectNode) JSON.readTree(api().get("/api/v1/pipelines/kafka-moved").body()).get("definition");
        ObjectNode connection = (ObjectNode) read.get("sources").get(0).get("connection");
        connection.putArray("brokers").add(secured.sasl());
        connection.put("securityProtocol", "SASL_PLAINTEXT");
        connection.remove("caCertificatePem");

        HttpResponse<String> stored = api().post("/api/v1/connections/kafka/test?pipeline=kafka-moved", sameAsStored);
        HttpResponse<String> downgraded = api().post("/api/v1/connections/kafka/test?pipeline=kafka-moved", unverified);
        HttpResponse<String> edited = api().put("/api/v1/pipelines/kafka-moved", read.toString(), "\"0\"");
        HttpResponse<String> overPlaintext = api().post("/api/v1/connections/kafka/test?pipeline=kafka-moved", """
                {"connection": {"brokers": ["%s"], "securityProtocol": "SASL_PLAINTEXT", "saslMechanism": "PLAIN",
                 "username": "%s", "password": "%s"}}""".formatted(secured.sasl(), KafkaSecuredListeners.PLAIN_USER, MASK));

        // The stored password still works where it was stored for: the rule refuses moves, not use.
        assertThat(JSON.readTree(stored.body()).path("ok").asBoolean()).as(stored.body()).isTrue();
        assertThat(downgraded.statusCode()).as(downgraded.body()).isEqualTo(400);
        assertThat(error(downgraded, "$.connection.password")).contains("re-enter the password: skipTlsVerification changed");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(422);
        assertThat(error(edited, "$.sources[0].connection.password")).contains("re-enter the password: the brokers changed");
        assertThat(overPlaintext.statusCode()).as(overPlaintext.body()).isEqualTo(400);
        assertThat(overPlaintext.body()).doesNotContain("\"ok\":true");
    }

    private static ObjectNode example(String id) {
        ObjectNode definition = (ObjectNode) JSON.readTree(
                SecretExfiltrationIntegrationTests.class.getResourceAsStream("/examples/orders-dedup.json"));
        return definition.put("id", id);
    }

    /** The message of the problem's error at this path. */
    private static String error(HttpResponse<String> response, String path) {
        for (JsonNode error : JSON.readTree(response.body()).path("errors")) {
            if (path.equals(error.path("path").asString())) {
                return error.path("message").asString();
            }
        }
        return "(no error at " + path + " in " + response.body() + ")";
    }

    private ApiTestClient api() {
        return ApiTestClient.onLocalPort(this.port);
    }

}

package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.SaslMechanism;
import io.sluice.model.definition.SecurityProtocol;
import io.sluice.testsupport.KafkaSecuredListeners;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every security protocol and SASL mechanism Sluice offers, against a real broker: the settings
 * {@link KafkaClientProperties} makes read a topic through the secured listeners that
 * {@code deploy/local/servers.sh} starts (SASL_PLAINTEXT, SSL, SASL_SSL with a CA of its own), and
 * a wrong password or an untrusted certificate is refused. Skipped where Kafka is not run by that
 * script.
 */
@RealServers(RealServer.KAFKA)
class KafkaSecurityIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(KafkaSecurityIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final KafkaSecuredListeners LISTENERS = KafkaSecuredListeners.fromEnvironment();
    // The SCRAM user this test creates; quotes and a backslash check the JAAS quoting end to end.
    private static final String SCRAM_USER = "sluice-scram";
    private static final String SCRAM_PASSWORD = "scram \"quoted\" \\ password";
    private static final String TOPIC = NAMESPACE.kafkaTopic("secured");
    private static final List<String> EVENTS = List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}");

    private static String caPem;

    @BeforeAll
    static void topicAndScramUser() throws Exception {
        Assumptions.assumeTrue(LISTENERS.available(), "this Kafka has no secured listeners with the test CA "
                + LISTENERS.caPem() + " (deploy/local/servers.sh starts them)");
        caPem = LISTENERS.caCertificatePem();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            // One mechanism per request: Kafka refuses to alter a user's credentials twice in one.
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(SCRAM_USER,
                        new ScramCredentialInfo(mechanism, 4096), SCRAM_PASSWORD))).all().get();
            }
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String event : EVENTS) {
                producer.send(new ProducerRecord<>(TOPIC, event.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}, CA given: {2}, verification skipped: {3}")
    @CsvSource({
        "SASL_PLAINTEXT, PLAIN,         false, false",
        "SASL_PLAINTEXT, SCRAM_SHA_256, false, false",
        "SASL_PLAINTEXT, SCRAM_SHA_512, false, false",
        "SSL,            ,              true,  false",
        "SSL,            ,              false, true",
        "SASL_SSL,       PLAIN,         true,  false",
        "SASL_SSL,       SCRAM_SHA_256, true,  false",
        "SASL_SSL,       SCRAM_SHA_512, true,  false",
    })
    void readsTheTopicThroughEverySecurityProtocolAndMechanism(SecurityProtocol protocol, SaslMechanism mechanism,
            boolean withCa, boolean skipVerification) {
        KafkaConnection connection = connection(protocol, mechanism, password(mechanism), withCa ? caPem : null,
                skipVerification);

        // SCRAM credentials reach the broker's listeners shortly after they are written.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertThat(read(connection, protocol + "-" + mechanism + "-" + withCa)).isEqualTo(EVENTS));
    }

    @Test
    void aWrongPasswordIsRefusedAsAnAuthenticationFailure() {
        KafkaConnection connection = connection(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512, "not the password",
                caPem, false);

        assertThatThrownBy(() -> describeCluster(connection)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aBrokerCertificateNotSignedByATrustedCaIsRefused() {
        // No CA given: the JVM's trust store, which does not know the test CA.
        KafkaConnection connection = connection(SecurityProtocol.SSL, null, null, null, false);

        assertThatThrownBy(() -> describeCluster(connection)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SslAuthenticationException.class);
    }

    private static List<String> read(KafkaConnection connection, String group) {
        Map<String, Object> properties = new HashMap<>(KafkaClientProperties.of(connection));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, NAMESPACE.id() + "-" + group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (values.size() < EVENTS.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void describeCluster(KafkaConnection connection) throws Exception {
        Map<String, Object> properties = new HashMap<>(KafkaClientProperties.of(connection));
        try (Admin admin = Admin.create(properties)) {
            admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
        }
    }

    private static KafkaConnection connection(SecurityProtocol protocol, SaslMechanism mechanism, String password, String ca,
            boolean skipVerification) {
        String broker = switch (protocol) {
            case SASL_PLAINTEXT -> LISTENERS.sasl();
            case SSL -> LISTENERS.ssl();
            case SASL_SSL -> LISTENERS.saslSsl();
            case PLAINTEXT -> throw new IllegalArgumentException("not a secured protocol");
        };
        String user = mechanism == null ? null : mechanism == SaslMechanism.PLAIN ? KafkaSecuredListeners.PLAIN_USER : SCRAM_USER;
        return new KafkaConnection(List.of(broker), protocol, mechanism, user, password, ca, skipVerification);
    }

    private static String password(SaslMechanism mechanism) {
        return mechanism == null ? null : mechanism == SaslMechanism.PLAIN ? KafkaSecuredListeners.PLAIN_PASSWORD : SCRAM_PASSWORD;
    }
}

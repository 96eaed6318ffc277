package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.SaslMechanism;
import io.sluice.model.definition.SecurityProtocol;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTests {

    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

    @Test
    void plaintextNeedsOnlyTheBrokers() {
        Map<String, Object> properties = KafkaClientProperties.of(connection(SecurityProtocol.PLAINTEXT, null, null, null, null, false));

        assertThat(properties).containsOnly(Map.entry("bootstrap.servers", "k1:9092,k2:9092"),
                Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void saslPlainLogsInWithThePlainModule() {
        Map<String, Object> properties = KafkaClientProperties
            .of(connection(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.PLAIN, "alice", "secret", null, false));

        assertThat(properties).containsEntry("security.protocol", "SASL_PLAINTEXT")
            .containsEntry("sasl.mechanism", "PLAIN")
            .containsEntry("sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"secret\";")
            .doesNotContainKey("ssl.truststore.type");
    }

    @Test
    void scramMechanismsLogInWithTheScramModule() {
        for (SaslMechanism mechanism : List.of(SaslMechanism.SCRAM_SHA_256, SaslMechanism.SCRAM_SHA_512)) {
            Map<String, Object> properties = KafkaClientProperties
                .of(connection(SecurityProtocol.SASL_SSL, mechanism, "bob", "pw", null, false));

            assertThat(properties).containsEntry("sasl.mechanism", mechanism.kafkaName())
                .containsEntry("security.protocol", "SASL_SSL");
            assertThat((String) properties.get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required");
        }
    }

    @Test
    void quotesAndBackslashesInCredentialsCannotBreakOutOfTheJaasValue() {
        String password = "p\"w\\d\" evil=\"1";
        Map<String, Object> properties = KafkaClientProperties
            .of(connection(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.PLAIN, "al\"ice", password, null, false));

        // Parsed back by Kafka's own JAAS parser: exactly two options, with the values as given.
        var entries = JaasContext.loadClientContext(Map.of("sasl.jaas.config",
                new Password((String) properties.get("sasl.jaas.config"))))
            .configurationEntries();
        assertThat(entries).hasSize(1);
        Map<String, ?> options = entries.get(0).getOptions();
        assertThat(options).hasSize(2);
        assertThat(options.get("username")).isEqualTo("al\"ice");
        assertThat(options.get("password")).isEqualTo(password);
    }

    @Test
    void tlsTrustsTheGivenCaCertificate() {
        Map<String, Object> properties = KafkaClientProperties.of(connection(SecurityProtocol.SSL, null, null, null, PEM, false));

        assertThat(properties).containsEntry("security.protocol", "SSL")
            .containsEntry("ssl.truststore.type", "PEM")
            .containsEntry("ssl.truststore.certificates", PEM)
            .doesNotContainKey("sasl.mechanism");
    }

    @Test
    void tlsWithoutACaCertificateUsesTheJvmTrustStore() {
        Map<String, Object> properties = KafkaClientProperties.of(connection(SecurityProtocol.SSL, null, null, null, null, false));

        assertThat(properties).doesNotContainKeys("ssl.truststore.type", "ssl.truststore.certificates",
                "ssl.engine.factory.class");
    }

    @Test
    void skippingVerificationTrustsAnyCertificateAndHostName() {
        Map<String, Object> properties = KafkaClientProperties
            .of(connection(SecurityProtocol.SASL_SSL, SaslMechanism.PLAIN, "u", "p", PEM, true));

        assertThat(properties).containsEntry("ssl.engine.factory.class", TrustAllSslEngineFactory.class)
            .containsEntry("ssl.endpoint.identification.algorithm", "")
            .doesNotContainKey("ssl.truststore.certificates");
    }

    @Test
    void trustAllEngineFactoryMakesClientEngines() {
        try (TrustAllSslEngineFactory factory = new TrustAllSslEngineFactory()) {
            var engine = factory.createClientSslEngine("broker", 9093, "");

            assertThat(engine.getUseClientMode()).isTrue();
            assertThat(engine.getPeerHost()).isEqualTo("broker");
        }
    }

    private static KafkaConnection connection(SecurityProtocol protocol, SaslMechanism mechanism, String username,
            String password, String pem, boolean skipTls) {
        return new KafkaConnection(List.of("k1:9092", "k2:9092"), protocol, mechanism, username, password, pem, skipTls);
    }
}

package io.sluice.api.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SaslMechanism;
import io.sluice.model.definition.SecurityProtocol;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.definition.SourceDefinition;
import org.junit.jupiter.api.Test;

class SecretReuseTests {

    private static final String MASK = PipelineDefinition.MASKED_SECRET;

    private static final KafkaConnection STORED_KAFKA = new KafkaConnection(List.of("a:9096", "b:9096"),
            SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512, "reader", "kafka-pw", "-----BEGIN CERTIFICATE-----ca", false);

    @Test
    void aMaskMayStandForTheStoredPasswordOnlyForTheSameBrokersUserAndSecurity() {
        assertThat(SecretReuse.whyNotKafka(STORED_KAFKA, kafka(List.of("b:9096", "A:9096"), SecurityProtocol.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512, "reader", MASK, false), "password")).isEmpty();
        assertThat(SecretReuse.whyNotKafka(STORED_KAFKA, kafka(List.of("a:9096", "evil:9096"), SecurityProtocol.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512, "reader", MASK, false), "password")).contains("re-enter the password: the brokers changed");
        assertThat(SecretReuse.whyNotKafka(STORED_KAFKA, kafka(List.of("a:9096", "b:9096"), SecurityProtocol.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512, "admin", MASK, false), "password")).contains("re-enter the password: the username changed");
        assertThat(SecretReuse.whyNotKafka(STORED_KAFKA, kafka(List.of("a:9096", "b:9096"), SecurityProtocol.SASL_PLAINTEXT,
                SaslMechanism.SCRAM_SHA_512, "reader", MASK, false), "password"))
            .contains("re-enter the password: the securityProtocol changed");
        assertThat(SecretReuse.whyNotKafka(STORED_KAFKA, kafka(List.of("a:9096", "b:9096"), SecurityProtocol.SASL_SSL,
                SaslMechanism.PLAIN, "reader", MASK, false), "password")).contains("re-enter the password: the saslMechanism changed");
        assertThat(SecretReuse.whyNotKafka(STORED_KAFKA, kafka(List.of("a:9096", "b:9096"), SecurityProtocol.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512, "reader", MASK, true), "password")).contains("re-enter the password: skipTlsVerification changed");
    }

    @Test
    void aCaSentInClearMustBeTheStoredOneAndAMaskedOneIsTheStoredOne() {
        KafkaConnection otherCa = new KafkaConnection(STORED_KAFKA.brokers(), SecurityProtocol.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512, "reader", MASK, "-----BEGIN CERTIFICATE-----mine", false);
        KafkaConnection maskedCa = new KafkaConnection(STORED_KAFKA.brokers(), SecurityProtocol.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512, "reader", MASK, MASK, false);

        assertThat(SecretReuse.whyNotKafka(STORED_KAFKA, otherCa, "password")).contains("re-enter the password: the caCertificatePem changed");
        assertThat(SecretReuse.whyNotKafka(STORED_KAFKA, maskedCa, "password")).isEmpty();
    }

    @Test
    void aMaskedClickHousePasswordNeedsTheSameUrlAndUser() {
        assertThat(SecretReuse.whyNotClickHouse("http://ch:8123/", null, "HTTP://CH:8123", "default")).isEmpty();
        assertThat(SecretReuse.whyNotClickHouse("http://ch:8123", "writer", "http://evil:8123", "writer"))
            .contains("re-enter the password: the URL changed");
        assertThat(SecretReuse.whyNotClickHouse("https://ch:8443", "writer", "http://ch:8443", "writer"))
            .contains("re-enter the password: the URL changed");
        assertThat(SecretReuse.whyNotClickHouse("http://ch:8123", "writer", "http://ch:8123", "default"))
            .contains("re-enter the password: the username changed");
    }

    @Test
    void anEditListsEveryMaskedPasswordThatWouldMoveKeyedByField() {
        PipelineDefinition stored = pipeline(STORED_KAFKA, "http://ch:8123", "ch-pw");
        PipelineDefinition moved = pipeline(kafka(List.of("evil:9092"), SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512,
                "reader", MASK, false), "http://evil:8123", MASK);
        PipelineDefinition unchanged = pipeline(kafka(STORED_KAFKA.brokers(), SecurityProtocol.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512, "reader", MASK, false), "http://ch:8123", MASK);
        PipelineDefinition retyped = pipeline(kafka(List.of("evil:9092"), SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512,
                "reader", "typed", false), "http://evil:8123", "typed");

        assertThat(SecretReuse.refusedInEdit(stored, moved)).containsOnly(
                org.assertj.core.api.Assertions.entry("sources[orders].connection.password", "re-enter the password: the brokers changed"),
                org.assertj.core.api.Assertions.entry("sink.password", "re-enter the password: the URL changed"));
        assertThat(SecretReuse.refusedInEdit(stored, unchanged)).isEmpty();
        assertThat(SecretReuse.refusedInEdit(stored, retyped)).isEmpty();
    }

    private static KafkaConnection kafka(List<String> brokers, SecurityProtocol protocol, SaslMechanism mechanism,
            String user, String password, boolean skipTls) {
        // The CA as an edit sends it back: masked, standing for the stored one.
        return new KafkaConnection(brokers, protocol, mechanism, user, password, MASK, skipTls);
    }

    private static PipelineDefinition pipeline(KafkaConnection connection, String url, String password) {
        return new PipelineDefinition("p", "P", List.of(new SourceDefinition("orders", connection, "orders", null, null, null)),
                null, null, new SinkDefinition(url, "default", null, password, "orders", null, null, List.of()));
    }
}

package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SaslMechanism;
import io.sluice.model.definition.SecurityProtocol;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.Violation;
import org.junit.jupiter.api.Test;

class MaskedSecretsTests {

    private static final String MASK = PipelineDefinition.MASKED_SECRET;

    private static final PipelineDefinition STORED = new PipelineDefinition("orders", "Orders", List.of(
            source("shop", List.of("a:9093", "b:9093"), "shop-reader", "shop-pw", "shop-ca"),
            source("crm", List.of("c:9093"), "crm-reader", "crm-pw", null)), null, null,
            new SinkDefinition("http://ch:8123/", "default", null, "ch-pw", "orders", null, null, List.of()));

    @Test
    void aConnectionWithoutAMaskIsUsedAsSentWithoutLookingUpThePipeline() {
        KafkaConnection sent = kafka(List.of("x:9092"), "someone", "typed", null);
        ClickHouseConnection clickHouse = new ClickHouseConnection("http://ch:8123", null, "typed", null);
        Supplier<PipelineDefinition> unused = () -> {
            throw new AssertionError("the stored pipeline was looked up although nothing is masked");
        };

        assertThat(MaskedSecrets.kafka(sent, unused, "$.connection")).isSameAs(sent);
        assertThat(MaskedSecrets.clickHouse(clickHouse, unused, "$")).isSameAs(clickHouse);
    }

    @Test
    void maskedKafkaSecretsComeFromTheSourceWithTheSameBrokersInAnyOrderAndUser() {
        KafkaConnection sent = kafka(List.of("b:9093", "a:9093"), "shop-reader", MASK, MASK);

        KafkaConnection used = MaskedSecrets.kafka(sent, () -> STORED, "$.connection");

        assertThat(used.password()).isEqualTo("shop-pw");
        assertThat(used.caCertificatePem()).isEqualTo("shop-ca");
        assertThat(used.brokers()).containsExactly("b:9093", "a:9093");
        assertThat(MaskedSecrets.kafka(kafka(List.of("c:9093"), "crm-reader", MASK, null), () -> STORED, "$.connection").password())
                .isEqualTo("crm-pw");
    }

    @Test
    void aStoredKafkaPasswordIsNeverSentToOtherBrokersOrAsAnotherUser() {
        assertRefused(() -> MaskedSecrets.kafka(kafka(List.of("a:9093", "evil:9093"), "shop-reader", MASK, null), () -> STORED,
                "$.connection"), "$.connection.password", "re-enter the password: the brokers changed");
        assertRefused(() -> MaskedSecrets.kafka(kafka(List.of("a:9093", "b:9093"), "crm-reader", MASK, null), () -> STORED,
                "$.connection"), "$.connection.password", "re-enter the password: the username changed");
    }

    @Test
    void aStoredKafkaPasswordIsNeverSentOverWeakerSecurity() {
        KafkaConnection unverified = new KafkaConnection(List.of("a:9093", "b:9093"), SecurityProtocol.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512, "shop-reader", MASK, null, true);
        KafkaConnection plaintext = new KafkaConnection(List.of("a:9093", "b:9093"), SecurityProtocol.SASL_PLAINTEXT,
                SaslMechanism.SCRAM_SHA_512, "shop-reader", MASK, null, false);
        KafkaConnection plainMechanism = new KafkaConnection(List.of("a:9093", "b:9093"), SecurityProtocol.SASL_SSL,
                SaslMechanism.PLAIN, "shop-reader", MASK, "shop-ca", false);
        KafkaConnection otherCa = kafka(List.of("a:9093", "b:9093"), "shop-reader", MASK, "-----BEGIN CERTIFICATE-----other");

        assertRefused(() -> MaskedSecrets.kafka(unverified, () -> STORED, "$.connection"), "$.connection.password",
                "re-enter the password: skipTlsVerification changed");
        assertRefused(() -> MaskedSecrets.kafka(plaintext, () -> STORED, "$.connection"), "$.connection.password",
                "re-enter the password: the securityProtocol changed");
        assertRefused(() -> MaskedSecrets.kafka(plainMechanism, () -> STORED, "$.connection"), "$.connection.password",
                "re-enter the password: the saslMechanism changed");
        assertRefused(() -> MaskedSecrets.kafka(otherCa, () -> STORED, "$.connection"), "$.connection.password",
                "re-enter the password: the caCertificatePem changed");
    }

    @Test
    void aMaskWithoutANamedPipelineSaysHowToGoOn() {
        assertRefused(() -> MaskedSecrets.kafka(kafka(List.of("a:9093"), "u", "typed", MASK), () -> null, "$.connection"),
                "$.connection.caCertificatePem", MaskedSecrets.NO_PIPELINE);
        assertRefused(() -> MaskedSecrets.clickHouse(new ClickHouseConnection("http://ch:8123", null, MASK, null), () -> null, "$"),
                "$.password", MaskedSecrets.NO_PIPELINE);
    }

    @Test
    void aMaskedCertificateWhereTheSourceStoresNoneIsRefused() {
        assertRefused(() -> MaskedSecrets.kafka(kafka(List.of("c:9093"), "crm-reader", "typed", MASK), () -> STORED, "$.connection"),
                "$.connection.caCertificatePem", MaskedSecrets.NOT_STORED);
    }

    @Test
    void maskedClickHousePasswordComesFromTheSinkWithTheSameUrlAndUser() {
        ClickHouseConnection sent = new ClickHouseConnection("HTTP://ch:8123", "default", MASK, "analytics");

        ClickHouseConnection used = MaskedSecrets.clickHouse(sent, () -> STORED, "$");

        assertThat(used.password()).isEqualTo("ch-pw");
        assertThat(used.url()).isEqualTo("HTTP://ch:8123");
        assertThat(used.database()).isEqualTo("analytics");
    }

    @Test
    void aStoredClickHousePasswordIsNeverSentToAnotherUrlOrUser() {
        assertRefused(() -> MaskedSecrets.clickHouse(new ClickHouseConnection("http://evil:8123", null, MASK, null), () -> STORED,
                "$.connection"), "$.connection.password", "re-enter the password: the URL changed");
        assertRefused(() -> MaskedSecrets.clickHouse(new ClickHouseConnection("https://ch:8123", null, MASK, null), () -> STORED,
                "$.connection"), "$.connection.password", "re-enter the password: the URL changed");
        assertRefused(() -> MaskedSecrets.clickHouse(new ClickHouseConnection("http://ch:8123", "admin", MASK, null), () -> STORED,
                "$"), "$.password", "re-enter the password: the username changed");
    }

    private static void assertRefused(Runnable call, String path, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidConnectionRequestException.class,
                (e) -> assertThat(e.violations()).containsExactly(new Violation(path, message)));
    }

    private static KafkaConnection kafka(List<String> brokers, String user, String password, String ca) {
        return new KafkaConnection(brokers, SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512, user, password, ca, false);
    }

    private static SourceDefinition source(String id, List<String> brokers, String user, String password, String ca) {
        return new SourceDefinition(id, kafka(brokers, user, password, ca), id, null, null, null);
    }
}

package io.sluice.api.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SecurityProtocol;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.SaslMechanism;
import org.junit.jupiter.api.Test;

class DefinitionSecretsTests {

    private final DefinitionSecrets secrets = new DefinitionSecrets(
            new SecretCipher(EncryptionKeys.parse(SecretCipherTests.KEY)));

    @Test
    void sealsEverySecretFieldAndNothingElse() {
        PipelineDefinition sealed = this.secrets.seal(definition("p1", "kafka-pw", "-----BEGIN CERTIFICATE-----x", "ch-pw"));

        KafkaConnection connection = sealed.sources().get(0).connection();
        assertThat(connection.password()).startsWith("enc:v1:");
        assertThat(connection.caCertificatePem()).startsWith("enc:v1:");
        assertThat(sealed.sink().password()).startsWith("enc:v1:");
        assertThat(connection.username()).isEqualTo("user");
        assertThat(sealed.sink().username()).isEqualTo("default");
        assertThat(sealed.sources().get(0).topic()).isEqualTo("orders");
    }

    @Test
    void opensWhatItSealed() {
        PipelineDefinition clear = definition("p1", "kafka-pw", "-----BEGIN CERTIFICATE-----x", "ch-pw");

        assertThat(this.secrets.open(this.secrets.seal(clear))).isEqualTo(clear);
    }

    @Test
    void leavesAbsentAndEmptySecretsAlone() {
        PipelineDefinition clear = definition("p1", null, null, "");

        assertThat(this.secrets.seal(clear)).isEqualTo(clear);
    }

    @Test
    void aSecretCopiedIntoAnotherPipelineCannotBeOpened() {
        PipelineDefinition sealed = this.secrets.seal(definition("p1", "kafka-pw", null, null));
        PipelineDefinition copied = new PipelineDefinition("p2", sealed.name(), sealed.sources(), null, null, sealed.sink());

        assertThatExceptionOfType(UnreadableSecretException.class).isThrownBy(() -> this.secrets.open(copied))
            .withMessageContaining("pipeline p2 sources[orders].connection.password");
    }

    @Test
    void namesSourceSecretsBySourceIdAndReportsTheirPath() {
        List<SecretField> fields = new ArrayList<>();
        SecretFields.map(definition("p1", "kafka-pw", "pem", "ch-pw"), (field, value) -> {
            fields.add(field);
            return value;
        });

        assertThat(fields).containsExactly(
                new SecretField("sources[orders].connection.password", "$.sources[0].connection.password"),
                new SecretField("sources[orders].connection.caCertificatePem", "$.sources[0].connection.caCertificatePem"),
                new SecretField("sink.password", "$.sink.password"));
    }

    static PipelineDefinition definition(String id, String kafkaPassword, String pem, String clickHousePassword) {
        KafkaConnection connection = new KafkaConnection(List.of("kafka:9093"), SecurityProtocol.SASL_SSL,
                SaslMechanism.PLAIN, "user", kafkaPassword, pem, false);
        SourceDefinition source = new SourceDefinition("orders", connection, "orders", null, null, null);
        SinkDefinition sink = new SinkDefinition("http://ch:8123", "default", "default", clickHousePassword, "orders",
                null, null, List.of());
        return new PipelineDefinition(id, "name", List.of(source), null, null, sink);
    }

}

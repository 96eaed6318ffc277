package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.api.ApiProblem;
import io.sluice.ui.api.ApiProblem.FieldError;
import org.junit.jupiter.api.Test;

class WizardApiTests {

    private static ApiProblem invalid(FieldError... errors) {
        return new ApiProblem(400, "Invalid connection", null, List.of(errors));
    }

    @Test
    void describesAMissingListAndAMissingValueAsWhatToDo() {
        assertThat(WizardApi.describe(invalid(new FieldError("$.connection.brokers", "needs at least one broker"),
                new FieldError("$.topic", "is required"))))
            .isEqualTo("Add at least one broker. Enter a topic.");
    }

    @Test
    void namesAListElementByItsNumberOnThePage() {
        assertThat(WizardApi.describe(invalid(
                new FieldError("$.connection.brokers[1]", "must be host:port, like kafka-1:9092, not \"localhost\""),
                new FieldError("$.connection.brokers[2]", "is required"))))
            .isEqualTo("Broker 2 must be host:port, like kafka-1:9092, not \"localhost\". Enter broker 3.");
    }

    @Test
    void namesFieldsInWordsNotTheirJsonNames() {
        assertThat(WizardApi.describe(invalid(new FieldError("$.connection.saslMechanism", "is required"),
                new FieldError("$.connection.username", "is required"),
                new FieldError("$.connection.caCertificatePem", "must be a PEM certificate (-----BEGIN CERTIFICATE-----)"))))
            .isEqualTo("Enter a SASL mechanism. Enter a user name."
                    + " CA certificate must be a PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    @Test
    void fallsBackToTheDetailWithoutFieldErrors() {
        assertThat(WizardApi.describe(new ApiProblem(502, "Bad gateway", "Kafka did not answer.", List.of())))
            .isEqualTo("Kafka did not answer.");
    }

}

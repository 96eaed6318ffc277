package io.sluice.model.definition;

import com.fasterxml.jackson.annotation.JsonValue;

/** Kafka's {@code sasl.mechanism}; JSON uses Kafka's spelling ({@code SCRAM-SHA-256}). */
public enum SaslMechanism {

    PLAIN("PLAIN"), SCRAM_SHA_256("SCRAM-SHA-256"), SCRAM_SHA_512("SCRAM-SHA-512");

    private final String kafkaName;

    SaslMechanism(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The value for Kafka's {@code sasl.mechanism} property, also the JSON value. */
    @JsonValue
    public String kafkaName() {
        return this.kafkaName;
    }

}

package io.sluice.api.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DeadLetterMatchTests {

    private static final DeadLetterView SINK_FAILURE = new DeadLetterView(4, "value 'abc' does not fit column amount Float64",
            "sink", "shop.orders/2/41", null, "", "{\"id\": 1, \"amount\": \"abc\"}", 27, "order-1", "b3JkZXItMQ==",
            List.of(new DeadLetterView.KafkaHeader("trace-id", "t-77", "dC03Nw==")), 0);

    @Test
    void blankQueryMatchesEveryDeadLetter() {
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, null)).isTrue();
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "  ")).isTrue();
    }

    @Test
    void findsWordsOfTheReasonIgnoringCaseAndOrder() {
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "FLOAT64 amount")).isTrue();
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "amount UInt32")).as("every word must be there").isFalse();
    }

    @Test
    void findsThePayloadTheStagePositionKeyAndHeaders() {
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "\"abc\"")).isTrue();
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "sink")).isTrue();
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "shop.orders/2/41")).isTrue();
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "order-1")).isTrue();
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "t-77")).isTrue();
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "ingest")).isFalse();
    }

    @Test
    void aWordNeverMatchesAcrossTwoFields() {
        // The reason ends "Float64", the stage is "sink": "float64sink" is in neither.
        assertThat(DeadLetterMatch.matches(SINK_FAILURE, "float64sink")).isFalse();
    }
}

package io.sluice.ui.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StartWarningsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anAnswerWithoutWarningsSaysNothing() {
        assertThat(StartWarnings.sentence(JSON.readTree("{\"status\": \"running\"}"))).isEmpty();
        assertThat(StartWarnings.sentence(null)).isEmpty();
    }

    @Test
    void oneWarningIsOneSentenceAndSeveralAreJoined() {
        assertThat(StartWarnings.sentence(JSON.readTree("{\"warnings\": [\"at-least-once\"]}")))
                .isEqualTo("Warning: at-least-once");
        assertThat(StartWarnings.sentence(JSON.readTree("{\"warnings\": [\"a\", \"b\"]}"))).isEqualTo("Warnings: a; b");
    }
}

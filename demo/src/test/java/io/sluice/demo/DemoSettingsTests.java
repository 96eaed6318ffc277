package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoSettingsTests {

    @Test
    void theDefaultsNameTheComposeStacksServers() {
        DemoSettings settings = DemoSettings.from(Map.of("SLUICE_BOOTSTRAP_TOKEN", "slc_token"));
        assertThat(settings.api()).hasToString("http://api-service:8081");
        assertThat(settings.brokers()).isEqualTo("kafka:9092");
        assertThat(settings.clickHouse()).hasToString("http://clickhouse:8123");
        assertThat(settings.eventsPerSecond()).isEqualTo(50);
        assertThat(settings.duplicateShare()).isEqualTo(0.1);
    }

    @Test
    void withoutTheBootstrapTokenItSaysWhichVariableToSet() {
        assertThatIllegalArgumentException().isThrownBy(() -> DemoSettings.from(Map.of()))
                .withMessageContaining("SLUICE_BOOTSTRAP_TOKEN");
    }

    @Test
    void aRateThatIsNoNumberIsNamedInTheError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DemoSettings.from(Map.of("SLUICE_BOOTSTRAP_TOKEN", "t", "SLUICE_DEMO_RATE", "fast")))
                .withMessage("SLUICE_DEMO_RATE must be a number, was 'fast'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DemoSettings.from(Map.of("SLUICE_BOOTSTRAP_TOKEN", "t", "SLUICE_DEMO_DUPLICATES", "1")))
                .withMessageContaining("[0, 1)");
    }
}

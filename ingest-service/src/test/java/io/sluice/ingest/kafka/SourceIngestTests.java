package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.sluice.ingest.IngestFixtures;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class SourceIngestTests {

    @Test
    void anIdleConsumerHeartbeatsEveryTenSecondsUnlessTold() {
        assertThat(properties(Map.of()).get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo(10_000);
        assertThat(properties(Map.of("heartbeat.interval.ms", "2000")).get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG))
                .isEqualTo("2000");
    }

    @Test
    void aShorterSessionTimeoutAloneGetsAHeartbeatOfAThirdOfIt() {
        // Kafka refuses a heartbeat that is not below the session timeout.
        assertThat(properties(Map.of("session.timeout.ms", "9000")).get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG))
                .isEqualTo(3000);
        assertThat(properties(Map.of("session.timeout.ms", "60000")).get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG))
                .isEqualTo(10_000);
    }

    private static Map<String, Object> properties(Map<String, String> overrides) {
        SourceSettings settings = new SourceSettings(100, 1 << 20, Duration.ofMillis(100), Duration.ofSeconds(10),
                Duration.ofMillis(100), Duration.ofSeconds(5), 500, Duration.ofMillis(500), Duration.ofMinutes(5),
                Duration.ofSeconds(5), overrides);
        return SourceIngest.consumerProperties("orders", IngestFixtures.source("orders", "orders", "127.0.0.1:9092"), settings);
    }
}

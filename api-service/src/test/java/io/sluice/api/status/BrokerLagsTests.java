package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.sluice.api.connection.StoredPipelines;
import io.sluice.model.definition.PipelineJson;
import io.sluice.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class BrokerLagsTests {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final AtomicInteger asked = new AtomicInteger();

    private final MutableClock clock = new MutableClock(T0);

    private String failure;

    private final ConsumerGroupOffsets broker = (connection, topic, group) -> {
        asked.incrementAndGet();
        if (failure != null) {
            throw new LagUnavailableException(failure, null);
        }
        return new ConsumerGroupOffsets.Offsets(Map.of(0, 50L), Map.of(0, 0L), Map.of(0, 20L));
    };

    // The example pipeline (one source) stored under the id "orders".
    private final StoredPipelines stored = (id) -> "orders".equals(id)
            ? Optional.of(PipelineJson.read(example().replace("\"id\": \"orders-dedup\"", "\"id\": \"orders\"")))
            : Optional.empty();

    private final BrokerLags lags = new BrokerLags(
            new StaticListableBeanFactory(Map.of("stored", stored)).getBeanProvider(StoredPipelines.class), broker, clock);

    @Test
    void lagIsAskedOfTheBrokerOnceForAFewSecondsOfPagePolling() {
        BrokerLag first = lags.of("orders");
        clock.advance(Duration.ofSeconds(2));
        BrokerLag second = lags.of("orders");

        assertThat(first.total()).isEqualTo(30);
        assertThat(second).isSameAs(first);
        assertThat(asked).hasValue(1);

        clock.advance(BrokerLags.REUSE_FOR);
        assertThat(lags.of("orders").measuredAt()).isEqualTo(T0.plusSeconds(2).plus(BrokerLags.REUSE_FOR));
        assertThat(asked).hasValue(2);
    }

    @Test
    void brokerThatDoesNotAnswerIsAskedAgainOnlyAfterTheSameFewSeconds() {
        failure = "Kafka at b:9092 did not answer within 3 s";

        BrokerLag lag = lags.of("orders");
        lags.of("orders");

        assertThat(lag.total()).isNull();
        assertThat(lag.unknown()).isEqualTo(failure);
        assertThat(asked).hasValue(1);
    }

    @Test
    void pipelineThatDoesNotExistHasNoLag() {
        assertThat(lags.of("nothing")).isNull();
        assertThat(asked).hasValue(0);
    }

    private static String example() {
        try (var in = BrokerLagsTests.class.getResourceAsStream("/examples/orders-dedup.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.sluice.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTests {

    private static final double ALWAYS_MAX = Math.nextDown(1.0);

    @Test
    void doublesTheDelayPerAttemptUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> ALWAYS_MAX);

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delay(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(1_000_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void drawsEachDelayBetweenHalfAndAllOfItsCeilingSoReplicasSpreadOut() {
        Backoff lowest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.0);

        assertThat(lowest.delay(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(lowest.delay(20)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0.0)).isInstanceOf(IllegalArgumentException.class);
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0.0);
        assertThatThrownBy(() -> backoff.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }

}

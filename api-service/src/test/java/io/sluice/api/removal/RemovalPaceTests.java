package io.sluice.api.removal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RemovalPaceTests {

    private final RemovalPace pace = new RemovalPace(Duration.ofSeconds(1), Duration.ofSeconds(15));
    private final Instant now = Instant.parse("2026-12-07T18:00:00Z");

    @Test
    void checksEverySecondWhileARemovalIsPendingOrWasJustAskedForHere() {
        assertThat(pace.next(true, now, Instant.EPOCH)).isEqualTo(Duration.ofSeconds(1));
        assertThat(pace.next(false, now, now.plusSeconds(3))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void checksEveryQuietPeriodWhenNoneIs() {
        assertThat(pace.next(false, now, now)).isEqualTo(Duration.ofSeconds(15));
        assertThat(pace.next(false, now, Instant.EPOCH)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void neverWaitsLessThanTheCheckInterval() {
        assertThat(new RemovalPace(Duration.ofSeconds(2), Duration.ofMillis(500)).next(false, now, Instant.EPOCH))
                .isEqualTo(Duration.ofSeconds(2));
    }
}

package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryBackoffTests {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(250), Duration.ofSeconds(5));

    @Test
    void waitsTheFirstBackoffAfterTheFirstFailure() {
        assertThat(backoff.after(0)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void doublesWithEveryFailureInARowUpToTheMaximum() {
        assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofMillis(4_000));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void staysAtTheMaximumHoweverLongFailuresLast() {
        assertThat(backoff.after(1_000)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
    }
}

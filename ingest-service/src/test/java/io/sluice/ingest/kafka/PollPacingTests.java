package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PollPacingTests {

    private static final long MS = 1_000_000L;

    private final PollPacing pacing = PollPacing.of(settings(Duration.ofMillis(100), Duration.ofMillis(500)));

    @Test
    void withNothingDueAPollWaitsAsLongAsTheBrokerHoldsAnIdleFetch() {
        assertThat(pacing.wait(false, Long.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void whileABatchAwaitsItsAcknowledgementAPollWaitsAtMostTheLinger() {
        assertThat(pacing.wait(true, Long.MAX_VALUE)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aPollEndsWhenARestOrRetryIsDue() {
        assertThat(pacing.wait(false, 40 * MS)).isEqualTo(Duration.ofMillis(40));
        assertThat(pacing.wait(true, 3_000 * MS)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void somethingOverdueStillWaitsTheShortestSoThatNothingSpins() {
        assertThat(pacing.wait(false, -5 * MS)).isEqualTo(Duration.ofMillis(20));
        assertThat(PollPacing.of(settings(Duration.ZERO, Duration.ofMillis(500))).wait(true, Long.MAX_VALUE))
                .isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aShorterPollTimeoutBoundsTheBusyWait() {
        assertThat(PollPacing.of(settings(Duration.ofMillis(100), Duration.ofMillis(50))).wait(true, Long.MAX_VALUE))
                .isEqualTo(Duration.ofMillis(50));
    }

    private static SourceSettings settings(Duration linger, Duration pollTimeout) {
        return new SourceSettings(100, 1 << 20, linger, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(5),
                500, pollTimeout, Duration.ofMinutes(5), Duration.ofSeconds(5), Map.of());
    }
}

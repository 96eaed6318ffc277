package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class PartitionLingerTests {

    private static final long MS = 1_000_000L;

    private final PartitionLinger linger = new PartitionLinger(Duration.ofMillis(100));

    @Test
    void aPartitionThatCaughtUpRestsForTheLinger() {
        assertThat(linger.rest(OptionalLong.of(0), 10 * MS)).isTrue();

        assertThat(linger.over(109 * MS)).isFalse();
        assertThat(linger.over(110 * MS)).isTrue();
        assertThat(linger.over(200 * MS)).as("once per rest").isFalse();
    }

    @Test
    void aPartitionThatIsBehindReadsOn() {
        assertThat(linger.rest(OptionalLong.of(1), 0)).isFalse();
        assertThat(linger.over(Long.MAX_VALUE / 2)).isFalse();
    }

    @Test
    void anUnknownLagNeverHoldsAPartitionBack() {
        assertThat(linger.rest(OptionalLong.empty(), 0)).isFalse();
    }

    @Test
    void noLingerNoRest() {
        assertThat(new PartitionLinger(Duration.ZERO).rest(OptionalLong.of(0), 0)).isFalse();
    }

    @Test
    void aRestCancelledByARecoveryIsNotEndedAgain() {
        linger.rest(OptionalLong.of(0), 0);
        linger.cancel();

        assertThat(linger.over(100 * MS)).isFalse();
    }
}

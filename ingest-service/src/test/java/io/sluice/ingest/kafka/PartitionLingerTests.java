package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class PartitionLingerTests {

    private static final long MS = 1_000_000L;

    private static final Duration LINGER = Duration.ofMillis(100);

    private final PartitionLinger linger = new PartitionLinger(LINGER);

    @Test
    void partitionsThatAllCaughtUpRestTogether() {
        assertThat(PartitionLinger.restTogether(LINGER, List.of(OptionalLong.of(0), OptionalLong.of(0)))).isTrue();
    }

    @Test
    void noneRestsWhileOneIsBehindSoThatNoFetchLeavesAPartitionOut() {
        assertThat(PartitionLinger.restTogether(LINGER, List.of(OptionalLong.of(0), OptionalLong.of(1)))).isFalse();
    }

    @Test
    void anUnknownLagNeverHoldsThePartitionsBack() {
        assertThat(PartitionLinger.restTogether(LINGER, List.of(OptionalLong.of(0), OptionalLong.empty()))).isFalse();
        assertThat(PartitionLinger.restTogether(LINGER, List.of())).isFalse();
    }

    @Test
    void noLingerNoRest() {
        assertThat(PartitionLinger.restTogether(Duration.ZERO, List.of(OptionalLong.of(0)))).isFalse();
    }

    @Test
    void aRestLastsTheLingerAndEndsOnce() {
        linger.rest(10 * MS);

        assertThat(linger.over(109 * MS)).isFalse();
        assertThat(linger.over(110 * MS)).isTrue();
        assertThat(linger.over(200 * MS)).as("once per rest").isFalse();
    }

    @Test
    void tellsHowLongTheRestLastsSoThatThePollEndsInTime() {
        assertThat(linger.untilOver(0)).isEqualTo(Long.MAX_VALUE);
        linger.rest(10 * MS);

        assertThat(linger.untilOver(50 * MS)).isEqualTo(60 * MS);
        assertThat(linger.untilOver(120 * MS)).isNegative();
    }

    @Test
    void aRestCancelledByARecoveryIsNotEndedAgain() {
        linger.rest(0);
        linger.cancel();

        assertThat(linger.over(100 * MS)).isFalse();
    }
}

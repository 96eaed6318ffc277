package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LaneLeaseTests {

    private final LaneLease lease = LaneLease.of(Duration.ofSeconds(10));

    @Test
    void aBusyLaneHoldsTheStagesLeaseAndAnIdleOneTheLongOne() {
        assertThat(lease.millis(false)).isEqualTo(10_000);
        // Renewed every 2 minutes, as the parked lane looks at its stream.
        assertThat(lease.millis(true)).isEqualTo(360_000);
    }

    @Test
    void aStageLeaseLongerThanTheIdleOneIsKeptWhenIdleToo() {
        assertThat(LaneLease.of(Duration.ofMinutes(10)).millis(true)).isEqualTo(600_000);
    }

    @Test
    void aRecordIsRenewedAfterAThirdOfTheLeaseItWasWrittenWith() {
        assertThat(LaneLease.renewalDue(3_332, 10_000)).isFalse();
        assertThat(LaneLease.renewalDue(3_333, 10_000)).isTrue();
        assertThat(LaneLease.renewalDue(39_000, 120_000)).isFalse();
        assertThat(LaneLease.renewalDue(40_000, 120_000)).isTrue();
    }

    @Test
    void onlyALaneHoldingTheIdleLeaseShortensItBeforeWork() {
        assertThat(lease.mustShortenBeforeWork(120_000)).isTrue();
        assertThat(lease.mustShortenBeforeWork(10_000)).isFalse();
    }

    @Test
    void anIdlePullWaitsAQuarterOfTheLeaseHeldWithinItsBounds() {
        assertThat(LaneLease.idlePull(2_400)).isEqualTo(Duration.ofMillis(600));
        assertThat(LaneLease.idlePull(120_000)).isEqualTo(LaneLease.MAX_IDLE_PULL);
        assertThat(LaneLease.idlePull(1_000)).isEqualTo(Duration.ofMillis(500));
    }
}

package io.sluice.dedup.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.sluice.worker.redis.ServerLoss;

import org.junit.jupiter.api.Test;

class StateLossDetectorTests {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Instant EARLIER = NOW.minusSeconds(600);
    private static final ServerLoss RESTART = new ServerLoss(EARLIER, "Redis restarted without AOF");

    @Test
    void aLaneThatNeverClaimedWritesItsSentinel() {
        assertThat(check(null, false, null, null, OnStateLoss.STOP)).isInstanceOf(StateLossDetector.Create.class);
    }

    @Test
    void aLaneWithItsSentinelClaims() {
        assertThat(check(SentinelValue.epoch(EARLIER), true, null, null, OnStateLoss.STOP))
                .isEqualTo(new StateLossDetector.Arm(null));
    }

    @Test
    void aMissingSentinelOfALaneThatClaimedBeforeStopsItAndIsMarked() {
        var action = check(null, true, null, null, OnStateLoss.STOP);

        assertThat(action).isInstanceOf(StateLossDetector.Lost.class);
        var lost = (StateLossDetector.Lost) action;
        assertThat(lost.mark()).isTrue();
        assertThat(lost.at()).isEqualTo(NOW);
        assertThat(lost.reason()).contains("sentinel key is gone");
    }

    @Test
    void aMissingSentinelInWarnModeIsRenewedWithAWarning() {
        var action = check(null, true, null, null, OnStateLoss.WARN);

        assertThat(action).isInstanceOf(StateLossDetector.Renew.class);
        assertThat(((StateLossDetector.Renew) action).warning()).contains("Redis lost dedup state").contains("on-state-loss=warn");
    }

    @Test
    void aLossMarkedBeforeTheAcknowledgementIsRenewedSilently() {
        var marked = SentinelValue.lost(EARLIER, "evicted");

        assertThat(check(marked, true, null, EARLIER.plusSeconds(1), OnStateLoss.STOP)).isEqualTo(new StateLossDetector.Renew(null));
    }

    @Test
    void aLossMarkedAfterTheAcknowledgementStillStops() {
        var marked = SentinelValue.lost(EARLIER, "evicted");

        var action = check(marked, true, null, EARLIER.minusSeconds(1), OnStateLoss.STOP);

        assertThat(action).isEqualTo(new StateLossDetector.Lost(EARLIER, "evicted", false));
    }

    @Test
    void aLossTheServerWatchFoundStopsALaneWhoseSentinelSurvived() {
        var action = check(SentinelValue.epoch(EARLIER.minusSeconds(60)), true, RESTART, null, OnStateLoss.STOP);

        assertThat(action).isEqualTo(new StateLossDetector.Lost(EARLIER, "Redis restarted without AOF", true));
    }

    @Test
    void aLossTheServerWatchFoundOnlyWarnsInWarnMode() {
        var action = check(SentinelValue.epoch(EARLIER.minusSeconds(60)), true, RESTART, null, OnStateLoss.WARN);

        assertThat(action).isInstanceOf(StateLossDetector.Arm.class);
        assertThat(((StateLossDetector.Arm) action).warning()).contains("Redis restarted without AOF");
    }

    @Test
    void sentinelsReadBackAsWrittenAndAnUnreadableOneCountsAsLost() {
        assertThat(SentinelValue.parse("garbage").lost()).isTrue();
        SentinelValue epoch = SentinelValue.epoch(NOW);
        assertThat(SentinelValue.parse(epoch.text())).isEqualTo(epoch);
        assertThat(SentinelValue.epoch(NOW).detail()).isNotEqualTo(epoch.detail());
        assertThat(SentinelValue.parse(SentinelValue.lost(NOW, "Redis evicted 3 keys").text()))
                .isEqualTo(SentinelValue.lost(NOW, "Redis evicted 3 keys"));
    }

    private static StateLossDetector.LaneAction check(SentinelValue sentinel, boolean claimedBefore,
            ServerLoss serverLoss, Instant acknowledgedAt, OnStateLoss mode) {
        return StateLossDetector.checkLane(sentinel, claimedBefore, serverLoss, acknowledgedAt, mode, NOW);
    }
}

package io.sluice.dedup.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class StateLossDetectorTests {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Instant EARLIER = NOW.minusSeconds(600);
    private static final StateLossDetector.ServerLoss RESTART = new StateLossDetector.ServerLoss(EARLIER, "Redis restarted without AOF");

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

    @Test
    void aNewRunIdWithoutAofIsALoss() {
        var change = StateLossDetector.compare(info("a", false, "noeviction", 0, 100), info("b", false, "noeviction", 0, 1),
                Duration.ofSeconds(3));

        assertThat(change).isEqualTo(new StateLossDetector.StateLost("Redis restarted without AOF (appendonly no)"));
    }

    @Test
    void aNewRunIdWithAofIsARestartThatKeptTheClaims() {
        var change = StateLossDetector.compare(info("a", true, "noeviction", 0, 100), info("b", true, "noeviction", 0, 1),
                Duration.ofSeconds(3));

        assertThat(change).isInstanceOf(StateLossDetector.RestartedWithAof.class);
    }

    @Test
    void aNewRunIdOfAServerUpLongerThanSinceTheLastLookIsAFailover() {
        var change = StateLossDetector.compare(info("a", true, "noeviction", 0, 100), info("b", true, "noeviction", 0, 5000),
                Duration.ofSeconds(3));

        assertThat(change).isInstanceOf(StateLossDetector.StateLost.class);
        assertThat(((StateLossDetector.StateLost) change).reason()).contains("failover");
    }

    @Test
    void evictionsAreALoss() {
        var change = StateLossDetector.compare(info("a", true, "allkeys-lru", 10, 100), info("a", true, "allkeys-lru", 13, 103),
                Duration.ofSeconds(3));

        assertThat(change).isEqualTo(new StateLossDetector.StateLost("Redis evicted 3 keys (maxmemory-policy allkeys-lru)"));
    }

    @Test
    void theFirstLookAndAnUnchangedServerAreNoLoss() {
        assertThat(StateLossDetector.compare(null, info("a", false, "allkeys-lru", 10, 100), Duration.ZERO))
                .isInstanceOf(StateLossDetector.Unchanged.class);
        assertThat(StateLossDetector.compare(info("a", false, "noeviction", 0, 100), info("a", false, "noeviction", 0, 103),
                Duration.ofSeconds(3))).isInstanceOf(StateLossDetector.Unchanged.class);
    }

    @Test
    void warnsAboutSettingsThatRiskDedupState() {
        assertThat(StateLossDetector.configWarnings(info("a", true, "noeviction", 0, 1))).isEmpty();
        assertThat(StateLossDetector.configWarnings(info("a", false, "volatile-lru", 0, 1)))
                .containsExactly("Redis runs with appendonly no: a restart loses dedup state (then detected and reported)",
                        "Redis maxmemory-policy is volatile-lru, not noeviction: eviction loses dedup state (then detected and reported)");
        assertThat(StateLossDetector.configWarnings(info("a", null, null, 0, 1)))
                .allMatch(warning -> warning.contains("unknown")).hasSize(2);
    }

    @Test
    void readsInfo() {
        String text = "# Server\r\nredis_version:7.0.15\r\nrun_id:4f1c\r\nuptime_in_seconds:42\r\n\r\n# Memory\r\n"
                + "maxmemory_policy:allkeys-lru\r\n# Persistence\r\naof_enabled:0\r\n# Stats\r\nevicted_keys:7\r\n";

        assertThat(ServerInfo.parse(text)).isEqualTo(new ServerInfo("4f1c", false, "allkeys-lru", 7, 42));
        assertThat(ServerInfo.parse("# Server\r\nrun_id:x\r\n")).isEqualTo(new ServerInfo("x", null, null, 0, 0));
    }

    private static StateLossDetector.LaneAction check(SentinelValue sentinel, boolean claimedBefore,
            StateLossDetector.ServerLoss serverLoss, Instant acknowledgedAt, OnStateLoss mode) {
        return StateLossDetector.checkLane(sentinel, claimedBefore, serverLoss, acknowledgedAt, mode, NOW);
    }

    /**
     * Seen in the end-to-end outage test: a Redis restarted with {@code appendonly yes} answers
     * INFO with {@code aof_enabled:0} while it loads its AOF; taken at face value, that stopped
     * a dedup lane for a loss that never happened.
     */
    @Test
    void aServerStillLoadingItsDataIsJudgedOnlyOnceItHasLoaded() {
        ServerInfo before = info("run-1", true, "noeviction", 0, 100);
        ServerInfo loading = ServerInfo.parse("# Server\r\nrun_id:run-2\r\nuptime_in_seconds:1\r\n# Persistence\r\n"
                + "loading:1\r\naof_enabled:0\r\n");

        assertThat(loading.loading()).isTrue();
        assertThat(StateLossDetector.compare(before, loading, Duration.ofSeconds(3))).isEqualTo(new StateLossDetector.Loading());
        assertThat(StateLossDetector.compare(before, info("run-2", true, "noeviction", 0, 2), Duration.ofSeconds(5)))
                .isEqualTo(new StateLossDetector.RestartedWithAof());
    }

    private static ServerInfo info(String runId, Boolean aof, String policy, long evicted, long uptime) {
        return new ServerInfo(runId, aof, policy, evicted, uptime);
    }
}

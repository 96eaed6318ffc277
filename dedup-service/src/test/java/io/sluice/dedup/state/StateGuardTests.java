package io.sluice.dedup.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.sluice.dedup.store.StateLostException;
import io.sluice.worker.redis.RedisServerWatch;
import io.sluice.worker.redis.ServerInfo;
import io.sluice.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

class StateGuardTests {

    private final FakeRedis redis = new FakeRedis();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final Map<String, Long> progress = new HashMap<>();
    private final RedisServerWatch watch = new RedisServerWatch(redis, Duration.ofSeconds(1), clock, "dedup state");

    @Test
    void writesTheSentinelOnTheFirstBatchOfALaneThatNeverClaimed() throws Exception {
        StateGuard guard = guard(OnStateLoss.STOP);

        guard.admit("orders", "0");

        assertThat(redis.sentinels.get("p/orders/0")).startsWith("epoch ");
        assertThat(guard.lossMessage()).isNull();
    }

    @Test
    void stopsALaneWhoseSentinelVanishedAfterItClaimedAndMarksTheLossForEveryReplica() throws Exception {
        StateGuard guard = guard(OnStateLoss.STOP);
        guard.admit("orders", "0");
        redis.sentinels.clear();

        guard.claimFailed("orders", "0", new CompletionException(new StateLostException("0", null)));

        assertThatThrownBy(() -> guard.admit("orders", "0")).isInstanceOf(StateLossStopException.class)
                .hasMessageContaining("Redis lost dedup state").hasMessageContaining("Pause and resume the pipeline");
        assertThat(guard.lossMessage()).contains("sentinel key is gone");
        assertThat(redis.sentinels.get("p/orders/0")).startsWith("lost ");
        // Another replica (or this one restarted) taking the lane sees the mark.
        StateGuard other = guard(OnStateLoss.STOP);
        assertThatThrownBy(() -> other.admit("orders", "0")).isInstanceOf(StateLossStopException.class);
    }

    @Test
    void aLaneWithRecordedProgressAndNoSentinelIsStoppedOnItsFirstBatch() {
        progress.put("p.orders.2", 120L);
        StateGuard guard = guard(OnStateLoss.STOP);

        assertThatThrownBy(() -> guard.admit("orders", "2")).isInstanceOf(StateLossStopException.class);
        assertThat(guard.lossMessage()).isNotNull();
    }

    @Test
    void aLaneWithRecordedProgressWhoseClaimsAreStillThereGetsItsFirstSentinel() throws Exception {
        // It ran before sentinels existed.
        progress.put("p.orders.2", 120L);
        redis.claimsLeft = true;
        StateGuard guard = guard(OnStateLoss.STOP);

        guard.admit("orders", "2");

        assertThat(redis.sentinels.get("p/orders/2")).startsWith("epoch ");
        assertThat(guard.lossMessage()).isNull();
    }

    @Test
    void acknowledgingLetsTheLaneGoOnWithAFreshSentinel() throws Exception {
        progress.put("p.orders.0", 5L);
        StateGuard guard = guard(OnStateLoss.STOP);
        assertThatThrownBy(() -> guard.admit("orders", "0")).isInstanceOf(StateLossStopException.class);

        clock.advance(Duration.ofSeconds(30));
        guard.acknowledge();
        guard.admit("orders", "0");

        assertThat(redis.sentinels.get("p/orders/0")).startsWith("epoch ");
        assertThat(guard.lossMessage()).isNull();
    }

    @Test
    void aLossTheServerWatchFoundStopsLanesWhoseSentinelSurvived() throws Exception {
        StateGuard guard = guard(OnStateLoss.STOP);
        redis.info = new ServerInfo("run-1", false, "noeviction", 0, 100);
        watch.look();
        guard.admit("orders", "0");

        // Restarted from an older snapshot: the sentinel is back, recent claims are not.
        redis.info = new ServerInfo("run-2", false, "noeviction", 0, 1);
        clock.advance(Duration.ofSeconds(2));
        watch.look();

        assertThat(guard.lossMessage()).contains("Redis restarted without AOF");
        assertThatThrownBy(() -> guard.admit("orders", "0")).isInstanceOf(StateLossStopException.class);
        assertThat(redis.sentinels.get("p/orders/0")).startsWith("lost ");
    }

    @Test
    void warnModeGoesOnAndSaysSo() throws Exception {
        StateGuard guard = guard(OnStateLoss.WARN);
        guard.admit("orders", "0");
        redis.sentinels.clear();
        guard.claimFailed("orders", "0", new StateLostException("0", null));

        guard.admit("orders", "0");

        assertThat(guard.lossMessage()).isNull();
        assertThat(guard.warnings()).singleElement().asString().contains("Redis lost dedup state");
        assertThat(redis.sentinels.get("p/orders/0")).startsWith("epoch ");
    }

    @Test
    void aLossFoundWhileTheLanesAreIdleShowsAtOnce() throws Exception {
        StateGuard stop = guard(OnStateLoss.STOP);
        StateGuard warn = guard(OnStateLoss.WARN);
        redis.info = new ServerInfo("run-1", false, "noeviction", 0, 100);
        watch.look();
        stop.admit("orders", "0");
        warn.admit("orders", "1");

        redis.info = new ServerInfo("run-2", false, "noeviction", 0, 1);
        clock.advance(Duration.ofSeconds(2));
        watch.look();

        assertThat(stop.lossMessage()).contains("Redis restarted without AOF").contains("Pause and resume");
        assertThat(warn.lossMessage()).isNull();
        assertThat(warn.warnings()).first().asString().contains("Redis restarted without AOF").contains("on-state-loss=warn");
    }

    @Test
    void statusWarnsAboutRiskySettingsWithoutFailing() {
        StateGuard guard = guard(OnStateLoss.STOP);
        redis.info = new ServerInfo("run-1", false, "allkeys-lru", 0, 100);

        watch.look();

        assertThat(guard.lossMessage()).isNull();
        assertThat(guard.warnings()).hasSize(2).anyMatch(w -> w.contains("appendonly no")).anyMatch(w -> w.contains("allkeys-lru"));
    }

    private StateGuard guard(OnStateLoss mode) {
        return new StateGuard("p", mode, redis, watch, laneKey -> progress.getOrDefault(laneKey, 0L), clock);
    }

    private static final class FakeRedis implements StateProbe {
        final Map<String, String> sentinels = new HashMap<>();
        ServerInfo info = new ServerInfo("run-1", true, "noeviction", 0, 100);
        boolean claimsLeft;

        @Override
        public boolean holdsClaims(String pipelineId, String sourceId, Integer partition, int maxKeys) {
            return claimsLeft;
        }

        @Override
        public ServerInfo serverInfo() {
            return info;
        }

        @Override
        public String readSentinel(String pipelineId, String sourceId, String lane) {
            return sentinels.get(pipelineId + "/" + sourceId + "/" + lane);
        }

        @Override
        public boolean createSentinel(String pipelineId, String sourceId, String lane, String value) {
            return sentinels.putIfAbsent(pipelineId + "/" + sourceId + "/" + lane, value) == null;
        }

        @Override
        public void writeSentinel(String pipelineId, String sourceId, String lane, String value) {
            sentinels.put(pipelineId + "/" + sourceId + "/" + lane, value);
        }
    }
}

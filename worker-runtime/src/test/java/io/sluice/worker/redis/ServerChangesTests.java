package io.sluice.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ServerChangesTests {

    @Test
    void aNewRunIdWithoutAofIsALoss() {
        var change = ServerChanges.compare(info("a", false, "noeviction", 0, 100), info("b", false, "noeviction", 0, 1),
                Duration.ofSeconds(3));

        assertThat(change).isEqualTo(new ServerChanges.StateLost("Redis restarted without AOF (appendonly no)"));
    }

    @Test
    void aNewRunIdWithAofIsARestartThatKeptItsState() {
        var change = ServerChanges.compare(info("a", true, "noeviction", 0, 100), info("b", true, "noeviction", 0, 1),
                Duration.ofSeconds(3));

        assertThat(change).isInstanceOf(ServerChanges.RestartedWithAof.class);
    }

    @Test
    void aNewRunIdOfAServerUpLongerThanSinceTheLastLookIsAFailover() {
        var change = ServerChanges.compare(info("a", true, "noeviction", 0, 100), info("b", true, "noeviction", 0, 5000),
                Duration.ofSeconds(3));

        assertThat(change).isInstanceOf(ServerChanges.StateLost.class);
        assertThat(((ServerChanges.StateLost) change).reason()).contains("failover");
    }

    @Test
    void aFailoverLosesNothingWhenEveryWriteWaitedForAReplica() {
        var change = ServerChanges.compare(info("a", true, "noeviction", 0, 100), info("b", true, "noeviction", 0, 5000),
                Duration.ofSeconds(3), true);

        assertThat(change).isInstanceOfSatisfying(ServerChanges.FailedOver.class, (failover) ->
                assertThat(failover.description()).startsWith("Redis failed over").contains("none was lost"));
        // A restart is judged as before: without AOF the server forgot, whatever its replicas held.
        assertThat(ServerChanges.compare(info("a", false, "noeviction", 0, 100), info("b", false, "noeviction", 0, 1),
                Duration.ofSeconds(3), true)).isInstanceOf(ServerChanges.StateLost.class);
    }

    @Test
    void evictionsAreALoss() {
        var change = ServerChanges.compare(info("a", true, "allkeys-lru", 10, 100), info("a", true, "allkeys-lru", 13, 103),
                Duration.ofSeconds(3));

        assertThat(change).isEqualTo(new ServerChanges.StateLost("Redis evicted 3 keys (maxmemory-policy allkeys-lru)"));
    }

    @Test
    void theFirstLookAndAnUnchangedServerAreNoLoss() {
        assertThat(ServerChanges.compare(null, info("a", false, "allkeys-lru", 10, 100), Duration.ZERO))
                .isInstanceOf(ServerChanges.Unchanged.class);
        assertThat(ServerChanges.compare(info("a", false, "noeviction", 0, 100), info("a", false, "noeviction", 0, 103),
                Duration.ofSeconds(3))).isInstanceOf(ServerChanges.Unchanged.class);
    }

    @Test
    void warnsAboutSettingsThatRiskTheStagesState() {
        assertThat(ServerChanges.configWarnings(info("a", true, "noeviction", 0, 1), "dedup state")).isEmpty();
        assertThat(ServerChanges.configWarnings(info("a", false, "volatile-lru", 0, 1), "dedup state"))
                .containsExactly("Redis runs with appendonly no: a restart loses dedup state (then detected and reported)",
                        "Redis maxmemory-policy is volatile-lru, not noeviction: eviction loses dedup state (then detected and reported)");
        assertThat(ServerChanges.configWarnings(info("a", null, null, 0, 1), "dedup state"))
                .allMatch(warning -> warning.contains("unknown")).hasSize(2);
    }

    @Test
    void readsInfo() {
        String text = "# Server\r\nredis_version:7.0.15\r\nrun_id:4f1c\r\nuptime_in_seconds:42\r\n\r\n# Memory\r\n"
                + "maxmemory_policy:allkeys-lru\r\n# Persistence\r\naof_enabled:0\r\n# Stats\r\nevicted_keys:7\r\n";

        assertThat(ServerInfo.parse(text)).isEqualTo(new ServerInfo("4f1c", false, "allkeys-lru", 7, 42));
        assertThat(ServerInfo.parse("# Server\r\nrun_id:x\r\n")).isEqualTo(new ServerInfo("x", null, null, 0, 0));
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
        assertThat(ServerChanges.compare(before, loading, Duration.ofSeconds(3))).isEqualTo(new ServerChanges.Loading());
        assertThat(ServerChanges.compare(before, info("run-2", true, "noeviction", 0, 2), Duration.ofSeconds(5)))
                .isEqualTo(new ServerChanges.RestartedWithAof());
    }

    private static ServerInfo info(String runId, Boolean aof, String policy, long evicted, long uptime) {
        return new ServerInfo(runId, aof, policy, evicted, uptime);
    }
}

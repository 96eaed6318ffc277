package io.sluice.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerInfoTests {

    private static final ServerInfo A = new ServerInfo("a", true, "noeviction", 0, 1000);
    private static final ServerInfo B = new ServerInfo("b", true, "noeviction", 0, 2000);
    private static final ServerInfo C = new ServerInfo("c", true, "noeviction", 0, 3000);

    @Test
    void aClusterWhoseMastersAllRunAsBeforeIsUnchanged() {
        ServerInfo before = ServerInfo.ofMasters(List.of(A, B, C));
        ServerInfo now = ServerInfo.ofMasters(List.of(C, A, B));

        assertThat(ServerChanges.compare(before, now, Duration.ofSeconds(2))).isInstanceOf(ServerChanges.Unchanged.class);
        assertThat(ServerChanges.configWarnings(now, "dedup state")).isEmpty();
    }

    @Test
    void aMasterReplacedByItsLongRunningReplicaIsAFailover() {
        ServerInfo before = ServerInfo.ofMasters(List.of(A, B, C));
        ServerInfo promoted = new ServerInfo("b-replica", true, "noeviction", 0, 2000);

        var change = ServerChanges.compare(before, ServerInfo.ofMasters(List.of(A, promoted, C)), Duration.ofSeconds(2));

        assertThat(change).isInstanceOf(ServerChanges.StateLost.class);
        assertThat(((ServerChanges.StateLost) change).reason()).contains("failover");
    }

    @Test
    void oneMasterRestartedWithoutAofLosesStateAndWithAofReloadsIt() {
        ServerInfo before = ServerInfo.ofMasters(List.of(A, B, C));

        assertThat(ServerChanges.compare(before,
                ServerInfo.ofMasters(List.of(A, new ServerInfo("b2", false, "noeviction", 0, 3), C)), Duration.ofSeconds(10)))
                .isInstanceOf(ServerChanges.StateLost.class);
        assertThat(ServerChanges.compare(before,
                ServerInfo.ofMasters(List.of(A, new ServerInfo("b2", true, "noeviction", 0, 3), C)), Duration.ofSeconds(10)))
                .isInstanceOf(ServerChanges.RestartedWithAof.class);
    }

    @Test
    void evictionsOnAnyMasterAreALossAndAnEvictingMasterIsWarnedAbout() {
        ServerInfo evicting = new ServerInfo("c", true, "allkeys-lru", 4, 3000);
        ServerInfo before = ServerInfo.ofMasters(List.of(A, B, new ServerInfo("c", true, "allkeys-lru", 0, 3000)));

        ServerInfo now = ServerInfo.ofMasters(List.of(A, B, evicting));

        assertThat(ServerChanges.compare(before, now, Duration.ofSeconds(2))).isInstanceOf(ServerChanges.StateLost.class);
        assertThat(ServerChanges.configWarnings(now, "dedup state")).anySatisfy(w -> assertThat(w).contains("allkeys-lru"));
    }

    @Test
    void oneMasterWithoutAofOrStillLoadingMakesTheClusterSo() {
        ServerInfo noAof = new ServerInfo("c", false, "noeviction", 0, 3000);
        ServerInfo loading = new ServerInfo("c", true, "noeviction", 0, 3, true);

        assertThat(ServerInfo.ofMasters(List.of(A, B, noAof)).aofEnabled()).isFalse();
        assertThat(ServerInfo.ofMasters(List.of(A, B, loading)).loading()).isTrue();
        assertThat(ServerInfo.ofMasters(List.of(A, B, C)).loading()).isFalse();
    }
}

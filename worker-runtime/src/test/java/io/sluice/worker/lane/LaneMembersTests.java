package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LaneMembersTests {

    @Test
    void aMemberIsAsAliveAsItsProcess() {
        assertThat(LaneMembers.heartbeats(Map.of("a", 1_000L), Map.of("a", 90_000L))).containsExactly(Map.entry("a", 90_000L));
    }

    @Test
    void aReplicaThatLeftThePipelineIsNotAMemberWhateverItsProcessDoes() {
        assertThat(LaneMembers.heartbeats(Map.of("a", 1_000L), Map.of("a", 90_000L, "b", 90_000L))).containsOnlyKeys("a");
    }

    @Test
    void aMemberWithoutAProcessHeartbeatCountsFromItsMembership() {
        // An earlier version writes its membership at every tick and no process heartbeat.
        assertThat(LaneMembers.heartbeats(Map.of("old", 80_000L), Map.of())).containsExactly(Map.entry("old", 80_000L));
    }
}

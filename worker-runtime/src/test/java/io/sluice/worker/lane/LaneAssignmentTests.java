package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class LaneAssignmentTests {

    private static final long NOW = 1_000_000;
    private static final long ALIVE_AFTER = NOW - 10_000;

    @Test
    void aLoneReplicaTakesEveryFreeLane() {
        var decision = LaneAssignment.decide("a", Set.of(), lanes(free("p.s.0"), free("p.s.1"), free("p.s.2")), Map.of(), ALIVE_AFTER, NOW);

        assertThat(decision.take()).containsExactlyInAnyOrder("p.s.0", "p.s.1", "p.s.2");
        assertThat(decision.release()).isEmpty();
    }

    @Test
    void twoReplicasStartingTogetherEachReachForTheirShareFromDifferentLanes() {
        var lanes = lanes(free("p.s.0"), free("p.s.1"), free("p.s.2"), free("p.s.3"));
        Map<String, Long> both = Map.of("a", NOW, "b", NOW);

        var a = LaneAssignment.decide("a", Set.of(), lanes, both, ALIVE_AFTER, NOW);
        var b = LaneAssignment.decide("b", Set.of(), lanes, both, ALIVE_AFTER, NOW);

        assertThat(a.take()).hasSize(2);
        assertThat(b.take()).hasSize(2).doesNotContainAnyElementsOf(a.take());
    }

    @Test
    void takesNoMoreThanItsShareWhileAnotherReplicaIsAlive() {
        var lanes = lanes(owned("p.s.0", "b", NOW + 5_000), free("p.s.1"), free("p.s.2"));

        var decision = LaneAssignment.decide("a", Set.of(), lanes, Map.of("b", NOW), ALIVE_AFTER, NOW);

        assertThat(decision.take()).containsExactlyInAnyOrder("p.s.1", "p.s.2");
    }

    @Test
    void releasesLanesAboveItsShareWhenAnotherReplicaJoins() {
        var lanes = lanes(owned("p.s.0", "a", NOW + 5_000), owned("p.s.1", "a", NOW + 5_000), owned("p.s.2", "a", NOW + 5_000));

        var decision = LaneAssignment.decide("a", Set.of("p.s.0", "p.s.1", "p.s.2"), lanes, Map.of("a", NOW, "b", NOW),
                ALIVE_AFTER, NOW);

        assertThat(decision.release()).containsExactly("p.s.2");
        assertThat(decision.take()).isEmpty();
    }

    @Test
    void takesTheReleasedLaneWhenBelowItsShare() {
        var lanes = lanes(owned("p.s.0", "a", NOW + 5_000), owned("p.s.1", "a", NOW + 5_000), released("p.s.2", 40));

        var decision = LaneAssignment.decide("b", Set.of(), lanes, Map.of("a", NOW, "b", NOW), ALIVE_AFTER, NOW);

        assertThat(decision.take()).containsExactly("p.s.2");
    }

    @Test
    void leavesALaneOfALiveOwnerAloneWhileItHoldsItsLease() {
        // b holds an idle lane's long lease (LaneLease) and heartbeats.
        var lanes = lanes(owned("p.s.0", "b", NOW + 120_000));

        var decision = LaneAssignment.decide("a", Set.of(), lanes, Map.of("a", NOW, "b", NOW), ALIVE_AFTER, NOW);

        assertThat(decision.take()).isEmpty();
    }

    @Test
    void takesTheLanesOfAnOwnerThatNoLongerHeartbeatsThoughTheirLeasesRunOn() {
        // b died holding an idle lane for two minutes, and a busy one for a few seconds more;
        // c left the pipeline (its membership is gone) without freeing its lane.
        var lanes = lanes(owned("p.s.0", "b", NOW + 120_000), owned("p.s.1", "b", NOW + 3_000),
                owned("p.s.2", "c", NOW + 120_000));

        var decision = LaneAssignment.decide("a", Set.of(), lanes, Map.of("a", NOW, "b", ALIVE_AFTER - 1), ALIVE_AFTER, NOW);

        assertThat(decision.take()).containsExactlyInAnyOrder("p.s.0", "p.s.1", "p.s.2");
    }

    @Test
    void takesOverTheLanesOfAReplicaWhoseLeaseRanOut() {
        var lanes = lanes(owned("p.s.0", "a", NOW + 5_000), owned("p.s.1", "b", NOW), owned("p.s.2", "b", NOW - 1));

        var decision = LaneAssignment.decide("a", Set.of("p.s.0"), lanes, Map.of("a", NOW, "b", ALIVE_AFTER - 1), ALIVE_AFTER, NOW);

        assertThat(decision.take()).containsExactlyInAnyOrder("p.s.1", "p.s.2");
    }

    @Test
    void retakesALaneRecordedAsItsOwnThatItDoesNotRun() {
        // Restarted with the same replica id before its old lease ran out.
        var lanes = lanes(owned("p.s.0", "a", NOW + 5_000));

        var decision = LaneAssignment.decide("a", Set.of(), lanes, Map.of(), ALIVE_AFTER, NOW);

        assertThat(decision.take()).containsExactly("p.s.0");
    }

    @Test
    void keepsWhatItRunsWhenAtItsShare() {
        var lanes = lanes(owned("p.s.0", "a", NOW + 5_000), owned("p.s.1", "b", NOW + 5_000));

        var decision = LaneAssignment.decide("a", Set.of("p.s.0"), lanes, Map.of("a", NOW, "b", NOW), ALIVE_AFTER, NOW);

        assertThat(decision.take()).isEmpty();
        assertThat(decision.release()).isEmpty();
    }

    private record Entry(String key, LaneProgress progress) {
    }

    private static Entry free(String key) {
        return new Entry(key, LaneProgress.START);
    }

    private static Entry released(String key, long processedSeq) {
        return new Entry(key, new LaneProgress(processedSeq, null, 0));
    }

    private static Entry owned(String key, String owner, long leaseUntil) {
        return new Entry(key, new LaneProgress(10, owner, leaseUntil));
    }

    private static Map<String, LaneProgress> lanes(Entry... entries) {
        Map<String, LaneProgress> lanes = new TreeMap<>();
        for (Entry entry : entries) {
            lanes.put(entry.key(), entry.progress());
        }
        return lanes;
    }
}

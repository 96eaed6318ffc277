package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReplicaNamesTests {

    @Test
    void replicaIsNamedByComponentHostAndAShortId() {
        Map<String, String> names = ReplicaNames.of("ingest", List.of(new ReplicaNames.Replica("4711_myhost", "myhost")));

        assertThat(names.get("4711_myhost")).matches("ingest @ myhost · [0-9a-f]{4}");
    }

    @Test
    void twoReplicasOnTheSameHostHaveDifferentNames() {
        Map<String, String> names = ReplicaNames.of("dedup", List.of(new ReplicaNames.Replica("4711_box", "box"),
                new ReplicaNames.Replica("4712_box", "box")));

        assertThat(names.get("4711_box")).startsWith("dedup @ box · ").isNotEqualTo(names.get("4712_box"));
    }

    @Test
    void theSameReplicaGetsTheSameNameEveryTime() {
        List<ReplicaNames.Replica> replicas = List.of(new ReplicaNames.Replica("sink-1", "node-a"));

        assertThat(ReplicaNames.of("sink", replicas)).isEqualTo(ReplicaNames.of("sink", replicas));
    }

    @Test
    void shortIdsThatCollideAreLengthenedUntilTheNamesDiffer() {
        // 1000 replicas on one host: some share their first four hex digits, none may share a name.
        List<ReplicaNames.Replica> replicas = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> new ReplicaNames.Replica("r-" + i, "box")).toList();

        Map<String, String> names = ReplicaNames.of("ingest", replicas);

        assertThat(new java.util.HashSet<>(names.values())).hasSize(1000);
    }

    @Test
    void replicaOfAnEarlierVersionWithoutHostIsNamedByItsId() {
        Map<String, String> names = ReplicaNames.of("sink", List.of(new ReplicaNames.Replica("sink-1", null)));

        assertThat(names.get("sink-1")).isEqualTo("sink · sink-1");
    }
}

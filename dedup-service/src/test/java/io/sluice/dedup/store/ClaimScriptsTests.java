package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ClaimScriptsTests {

    @Test
    void onASingleRedisTheScriptsAreTheBatchCutInOrder() {
        List<ClaimScripts.Script> scripts = ClaimScripts.plan(new int[2500], 1, 1000);

        assertThat(scripts).extracting(script -> script.claims().length).containsExactly(1000, 1000, 500);
        assertThat(scripts.get(1).claims()[0]).isEqualTo(1000);
        assertThat(flatten(scripts)).containsExactlyElementsOf(IntStream.range(0, 2500).boxed().toList());
    }

    @Test
    void claimsAreGroupedByBucketKeepingTheirOrderInsideEach() {
        int[] buckets = { 3, 0, 3, 1, 0, 3 };

        List<ClaimScripts.Script> scripts = ClaimScripts.plan(buckets, 4, 1000);

        assertThat(scripts).extracting(ClaimScripts.Script::bucket).containsExactly(0, 1, 3);
        assertThat(scripts.get(0).claims()).containsExactly(1, 4);
        assertThat(scripts.get(1).claims()).containsExactly(3);
        assertThat(scripts.get(2).claims()).containsExactly(0, 2, 5);
    }

    @Test
    void aBucketWithMoreClaimsThanAScriptTakesSplitsIntoScriptsInOrder() {
        int[] buckets = new int[7];
        Arrays.fill(buckets, 2);
        buckets[3] = 1;

        List<ClaimScripts.Script> scripts = ClaimScripts.plan(buckets, 3, 2);

        assertThat(scripts).extracting(ClaimScripts.Script::bucket).containsExactly(1, 2, 2, 2);
        assertThat(scripts.get(1).claims()).containsExactly(0, 1);
        assertThat(scripts.get(2).claims()).containsExactly(2, 4);
        assertThat(scripts.get(3).claims()).containsExactly(5, 6);
    }

    @Test
    void everyClaimIsInExactlyOneScript() {
        int[] buckets = IntStream.range(0, 5000).map(i -> (i * 31) % RedisKeyLayout.CLUSTER_BUCKETS).toArray();

        List<ClaimScripts.Script> scripts = ClaimScripts.plan(buckets, RedisKeyLayout.CLUSTER_BUCKETS, 1000);

        assertThat(flatten(scripts)).hasSize(5000).doesNotHaveDuplicates();
        assertThat(scripts).allSatisfy(script -> assertThat(IntStream.of(script.claims()).map(claim -> buckets[claim]))
                .containsOnly(script.bucket()));
    }

    private static List<Integer> flatten(List<ClaimScripts.Script> scripts) {
        return scripts.stream().flatMapToInt(script -> IntStream.of(script.claims())).boxed().toList();
    }

}

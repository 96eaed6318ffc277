package io.sluice.dedup.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SentinelValueTests {

    private static final String EPOCH = "epoch 2026-12-04T12:00:00Z 0d6f";

    private static final String LOST = "lost 2026-12-04T13:00:00Z Redis evicted 3 keys";

    @Test
    void aLaneWhoseBucketsAllHoldTheSentinelHasIt() {
        assertThat(SentinelValue.ofBuckets(List.of(EPOCH, EPOCH, EPOCH))).isEqualTo(EPOCH);
    }

    @Test
    void aLaneWithoutAnyBucketsSentinelHasNone() {
        assertThat(SentinelValue.ofBuckets(Arrays.asList(null, null, null))).isNull();
    }

    @Test
    void oneBucketsSentinelGoneMakesTheLanesMissingAsItsMasterLostIt() {
        assertThat(SentinelValue.ofBuckets(Arrays.asList(EPOCH, null, EPOCH))).isNull();
    }

    @Test
    void aLossOneBucketMarksIsTheLanesWhateverTheOthersHold() {
        assertThat(SentinelValue.ofBuckets(Arrays.asList(EPOCH, null, LOST))).isEqualTo(LOST);
        assertThat(SentinelValue.ofBuckets(Arrays.asList(EPOCH, "garbage", EPOCH))).isEqualTo("garbage");
    }

}

package io.sluice.dedup.decision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DedupDecisionTests {

    private static final PartitionOffset OWN = new PartitionOffset(3, 1200);

    @Test
    void recordWithNoStoredPositionIsFirstAndPasses() {
        assertThat(DedupDecision.decide(OWN, null)).isEqualTo(Verdict.FIRST);
        assertThat(Verdict.FIRST.passes()).isTrue();
    }

    @Test
    void recordFindingItsOwnPositionIsARedeliveryAndPassesAgain() {
        assertThat(DedupDecision.decide(OWN, new PartitionOffset(3, 1200))).isEqualTo(Verdict.REDELIVERED_FIRST);
        assertThat(Verdict.REDELIVERED_FIRST.passes()).isTrue();
    }

    @Test
    void recordFindingAnEarlierPositionIsADuplicate() {
        assertThat(DedupDecision.decide(OWN, new PartitionOffset(3, 1199))).isEqualTo(Verdict.DUPLICATE);
        assertThat(Verdict.DUPLICATE.passes()).isFalse();
    }

    @Test
    void recordFindingALaterPositionIsADuplicateToo() {
        // Another replica read a later offset first: first seen wins, not lowest offset.
        assertThat(DedupDecision.decide(OWN, new PartitionOffset(3, 1300))).isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void sameOffsetOnAnotherPartitionIsADifferentRecord() {
        assertThat(DedupDecision.decide(OWN, new PartitionOffset(4, 1200))).isEqualTo(Verdict.DUPLICATE);
    }

}

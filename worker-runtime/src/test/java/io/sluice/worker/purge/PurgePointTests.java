package io.sluice.worker.purge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PurgePointTests {

    @Test
    void removesEverythingProcessedFromASubjectNobodyResumesFrom() {
        assertThat(PurgePoint.below(40, 0, false)).isEqualTo(41);
    }

    @Test
    void keepsTheLastMessageOfAnIngestSubjectEvenWhenItIsProcessed() {
        assertThat(PurgePoint.below(40, 40, true)).isEqualTo(40);
    }

    @Test
    void removesAllProcessedWhenIngestPublishedMoreSince() {
        assertThat(PurgePoint.below(40, 57, true)).isEqualTo(41);
    }

    @Test
    void removesNothingBeforeAnythingIsProcessed() {
        assertThat(PurgePoint.below(0, 57, true)).isEqualTo(PurgePoint.NOTHING);
        assertThat(PurgePoint.below(0, 0, false)).isEqualTo(PurgePoint.NOTHING);
    }

    @Test
    void removesNothingWhenTheOnlyProcessedMessageIsTheLast() {
        assertThat(PurgePoint.below(1, 1, true)).isEqualTo(PurgePoint.NOTHING);
        assertThat(PurgePoint.below(5, 0, true)).isEqualTo(PurgePoint.NOTHING);
    }
}

package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;

import io.sluice.ingest.kafka.ResumePlanner.Gap;
import io.sluice.ingest.kafka.ResumePlanner.Plan;
import io.sluice.ingest.kafka.ResumePlanner.Recorded;
import io.sluice.ingest.publish.LastStoredBatch;
import io.sluice.model.definition.InitialOffset;
import org.junit.jupiter.api.Test;

class ResumePlannerTests {

    private static final OptionalLong NO_START = OptionalLong.empty();

    private final ResumePlanner latest = new ResumePlanner("clicks", InitialOffset.LATEST);

    private final ResumePlanner earliest = new ResumePlanner("clicks", InitialOffset.EARLIEST);

    @Test
    void resumesAfterTheLastStoredBatchOfTheSameTopic() {
        Recorded recorded = latest.recorded(stored("clicks", 499), OptionalLong.empty(), -1, NO_START);

        Plan plan = latest.plan(0, recorded, false, 0, 2000);

        assertThat(plan.offset()).isEqualTo(500);
        assertThat(plan.gap()).isEmpty();
        assertThat(plan.warn()).isFalse();
        assertThat(latest.needsHistory(recorded)).isFalse();
    }

    @Test
    void takesTheFurthestOfStoredBatchCommittedOffsetAndKnownDurable() {
        assertThat(earliest.recorded(stored("clicks", 499), OptionalLong.of(700), -1, NO_START).position()).hasValue(700);
        assertThat(earliest.recorded(stored("clicks", 499), OptionalLong.of(300), -1, NO_START).position()).hasValue(500);
        assertThat(earliest.recorded(stored("clicks", 499), OptionalLong.empty(), 800, NO_START).position()).hasValue(800);
    }

    @Test
    void neverTakesAPositionFromABatchOfAnotherTopic() {
        Recorded recorded = earliest.recorded(stored("clicks-old", 499), OptionalLong.empty(), -1, NO_START);

        Plan plan = earliest.plan(0, recorded, false, 0, 2000);

        assertThat(recorded.position()).isEmpty();
        assertThat(recorded.ignoredTopic()).isEqualTo("clicks-old");
        assertThat(plan.offset()).isZero();
        assertThat(plan.explanation()).contains("clicks-old");
    }

    @Test
    void otherTopicsBatchDoesNotHideTheTopicsOwnCommittedOffset() {
        // Edited from clicks to clicks-old and back: the group still has clicks' own offset.
        Recorded recorded = earliest.recorded(stored("clicks-old", 4999), OptionalLong.of(120), -1, NO_START);

        assertThat(earliest.plan(0, recorded, false, 0, 2000).offset()).isEqualTo(120);
    }

    @Test
    void reportsTheGapWhenTheRecordedOffsetIsBelowTheLogStart() {
        Recorded recorded = earliest.recorded(stored("clicks", 999), OptionalLong.empty(), -1, NO_START);

        Plan plan = earliest.plan(3, recorded, false, 1500, 2000);

        assertThat(plan.offset()).isEqualTo(1500);
        assertThat(plan.gap()).contains(new Gap(3, 1000, 1499));
        assertThat(plan.gap().get().lost()).isEqualTo(500);
        assertThat(plan.warn()).isTrue();
        assertThat(plan.explanation()).contains("offsets 1000 to 1499").contains("partition 3").contains("clicks")
                .contains("lost");
    }

    @Test
    void reportsNoGapWhenTheRecordedOffsetIsExactlyTheLogStart() {
        Plan plan = latest.plan(0, latest.recorded(stored("clicks", 1499), OptionalLong.empty(), -1, NO_START), false, 1500, 2000);

        assertThat(plan.offset()).isEqualTo(1500);
        assertThat(plan.gap()).isEmpty();
    }

    @Test
    void readsFromTheLogStartWhenTheRecordedOffsetIsBeyondTheLogEnd() {
        // The topic was deleted and created again under the same name.
        Plan plan = latest.plan(0, latest.recorded(stored("clicks", 4999), OptionalLong.empty(), -1, NO_START), false, 0, 40);

        assertThat(plan.offset()).isZero();
        assertThat(plan.gap()).isEmpty();
        assertThat(plan.warn()).isTrue();
        assertThat(plan.explanation()).contains("beyond the log end 40");
    }

    @Test
    void latestWithoutAnyRecordOnTheFirstStartBeginsAtTheLogEnd() {
        Recorded recorded = latest.recorded(Optional.empty(), OptionalLong.empty(), -1, NO_START);

        Plan plan = latest.plan(0, recorded, false, 100, 2000);

        assertThat(latest.needsHistory(recorded)).isTrue();
        assertThat(plan.offset()).isEqualTo(2000);
        assertThat(plan.firstStart()).as("to be recorded").isTrue();
        assertThat(plan.warn()).isFalse();
        assertThat(plan.explanation()).contains("first start");
    }

    @Test
    void latestResumesWhereItsFirstStartWasRecordedWhenNothingElseIs() {
        // Started on a quiet topic, group offsets expired since, no batch ever stored.
        Recorded recorded = latest.recorded(Optional.empty(), OptionalLong.empty(), -1, OptionalLong.of(40));

        Plan plan = latest.plan(0, recorded, false, 0, 340);

        assertThat(latest.needsHistory(recorded)).isFalse();
        assertThat(plan.offset()).isEqualTo(40);
        assertThat(plan.firstStart()).isFalse();
    }

    @Test
    void aRecordedStartIsOnlyAFloorUnderLaterPositions() {
        assertThat(latest.recorded(stored("clicks", 499), OptionalLong.empty(), -1, OptionalLong.of(40)).position())
                .hasValue(500);
    }

    @Test
    void latestWithoutARecordAfterOtherPartitionsDeliveredBeginsAtTheLogStart() {
        Recorded recorded = latest.recorded(Optional.empty(), OptionalLong.empty(), -1, NO_START);

        Plan plan = latest.plan(2, recorded, true, 100, 2000);

        assertThat(plan.offset()).isEqualTo(100);
        assertThat(plan.gap()).isEmpty();
        assertThat(plan.firstStart()).isFalse();
        assertThat(plan.warn()).isTrue();
        assertThat(plan.explanation()).contains("partition 2").contains("rather than the log end 2000");
    }

    @Test
    void latestWithOnlyAnotherTopicsBatchIsAFirstStartOfTheNewTopic() {
        Recorded recorded = latest.recorded(stored("clicks-old", 499), OptionalLong.empty(), -1, NO_START);

        Plan plan = latest.plan(0, recorded, false, 0, 2000);

        assertThat(latest.needsHistory(recorded)).isTrue();
        assertThat(plan.offset()).isEqualTo(2000);
        assertThat(plan.firstStart()).isTrue();
    }

    @Test
    void earliestWithoutAnyRecordBeginsAtTheLogStartWithoutAskingForHistory() {
        Recorded recorded = earliest.recorded(Optional.empty(), OptionalLong.empty(), -1, NO_START);

        Plan plan = earliest.plan(0, recorded, false, 100, 2000);

        assertThat(earliest.needsHistory(recorded)).isFalse();
        assertThat(plan.offset()).isEqualTo(100);
        assertThat(plan.gap()).isEmpty();
    }

    @Test
    void aJumpWithTheLogStartNotPastTheExpectedOffsetIsNoGap() {
        // Transaction markers, aborted transactions, compaction.
        assertThat(latest.overtaken(0, 500, 502, 0)).isEmpty();
        assertThat(latest.overtaken(0, 500, 900, 500)).isEmpty();
    }

    @Test
    void aJumpWithTheLogStartPastTheExpectedOffsetIsAGapUpToTheLogStart() {
        Optional<Gap> gap = latest.overtaken(1, 500, 1500, 1500);

        assertThat(gap).contains(new Gap(1, 500, 1499));
        assertThat(latest.describeOvertaken(gap.get(), 1500)).contains("partition 1 of topic clicks")
                .contains("offsets 500 to 1499 (1000 records)").contains("retention overtook");
    }

    @Test
    void aGapEndsBeforeTheFirstRecordReadEvenWhenTheLogStartMovedOnSince() {
        // Reset to 1500, and retention deleted further before the log start was asked.
        assertThat(latest.overtaken(0, 500, 1500, 1800)).contains(new Gap(0, 500, 1499));
    }

    private static Optional<LastStoredBatch> stored(String topic, long lastOffset) {
        return Optional.of(new LastStoredBatch(topic, lastOffset));
    }
}

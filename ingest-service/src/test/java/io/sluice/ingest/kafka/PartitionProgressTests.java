package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.sluice.ingest.kafka.PartitionProgress.Settlement;
import io.sluice.ingest.kafka.PartitionProgress.Unread;
import io.sluice.ingest.publish.PublishOutcome;
import org.junit.jupiter.api.Test;

class PartitionProgressTests {

    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    private static final long MS = 1_000_000;

    @Test
    void readsNothingUntilTheStreamSaidWhereTheAssignedPartitionStands() {
        PartitionProgress progress = PartitionProgress.assigned(BACKOFF, 1_000);

        assertThat(progress.reading()).isFalse();
        assertThat(progress.recoveryDue(1_000)).isTrue();

        progress.resumed(40);

        assertThat(progress.reading()).isTrue();
        assertThat(progress.recoveryDue(1_000)).isFalse();
        assertThat(progress.position()).isEqualTo(40);
    }

    @Test
    void dropsRecordsFetchedBeforeASeekBack() {
        PartitionProgress progress = reading(40);

        Unread unread = progress.unread(records(37, 6));

        assertThat(unread.records()).extracting(SourceRecord::offset).containsExactly(40L, 41L, 42L);
        assertThat(unread.skipped()).isFalse();
        assertThat(progress.unread(records(30, 5)).records()).isEmpty();
    }

    @Test
    void flagsRecordsAfterThePositionForTheRetentionCheck() {
        PartitionProgress progress = reading(40);

        assertThat(progress.unread(records(40, 2)).skipped()).isFalse();
        assertThat(progress.unread(records(45, 2)).skipped()).isTrue();
    }

    @Test
    void movesThePositionPastWhatWasReadAndCountsARereadOnlyOnce() {
        PartitionProgress progress = reading(0);

        assertThat(progress.read(records(0, 10))).isEqualTo(10);
        assertThat(progress.position()).isEqualTo(10);

        progress.failed(0);
        progress.resumed(4);

        assertThat(progress.read(records(4, 3))).isZero();
        assertThat(progress.read(records(7, 5))).isEqualTo(2);
        assertThat(progress.position()).isEqualTo(12);
    }

    @Test
    void countsReReadDeadLettersOnlyOnce() {
        PartitionProgress progress = reading(0);

        assertThat(progress.deadLettersStored(List.of(2L, 5L))).isEqualTo(2);

        progress.failed(0);
        progress.resumed(0);

        assertThat(progress.deadLettersStored(List.of(2L, 5L, 8L))).isEqualTo(1);
    }

    @Test
    void commitsOnlyWhatTheStoredBatchCoversNotWhatWasSent() {
        PartitionProgress progress = reading(0);
        progress.commitDue();
        progress.read(records(0, 10));
        progress.sent(0, 9, 10);
        progress.readThrough(10);

        assertThat(progress.commitDue()).isEmpty();

        assertThat(progress.settle(PublishOutcome.STORED, 0)).isEqualTo(new Settlement.Stored(10));
        assertThat(progress.commitDue()).hasValue(10);
        assertThat(progress.commitDue()).isEmpty();
    }

    @Test
    void deadLettersAfterTheBatchInFlightBecomeDurableWithIt() {
        PartitionProgress progress = reading(0);
        progress.commitDue();
        progress.sent(0, 9, 10);
        progress.readThrough(10);
        // The next poll held only dead letters (10 to 14), acknowledged while the batch is in flight.
        progress.readThrough(15);

        assertThat(progress.commitDue()).isEmpty();

        progress.settle(PublishOutcome.STORED, 0);

        assertThat(progress.commitDue()).hasValue(15);
    }

    @Test
    void aPollOfOnlyDeadLettersIsDurableAtOnceWhenNoBatchIsInFlight() {
        PartitionProgress progress = reading(0);
        progress.commitDue();

        progress.readThrough(5);

        assertThat(progress.commitDue()).hasValue(5);
    }

    @Test
    void commitsAgainAfterAFailedCommit() {
        PartitionProgress progress = reading(20);
        assertThat(progress.commitDue()).hasValue(20);

        progress.commitFailed();

        assertThat(progress.commitDue()).hasValue(20);
    }

    @Test
    void commitsWhatIsDurableWhenGivenUpUnlessCommittedAlready() {
        PartitionProgress progress = reading(20);

        assertThat(progress.finalCommit()).hasValue(20);
        progress.commitDue();
        assertThat(progress.finalCommit()).isEmpty();
    }

    @Test
    void neverHasTwoBatchesInFlight() {
        PartitionProgress progress = reading(0);
        progress.sent(0, 9, 10);

        assertThat(progress.awaitingAck()).isTrue();
        assertThatIllegalStateException().isThrownBy(() -> progress.sent(10, 19, 10));
    }

    @Test
    void aBatchStoredBeforeMakesThePartitionAskTheStreamAtOnce() {
        PartitionProgress progress = reading(0);
        progress.commitDue();
        progress.sent(0, 9, 10);
        progress.readThrough(10);

        Settlement settlement = progress.settle(PublishOutcome.ALREADY_STORED, 5_000);

        assertThat(settlement).isEqualTo(new Settlement.StoredBefore(0));
        assertThat(progress.reading()).isFalse();
        assertThat(progress.awaitingAck()).isFalse();
        assertThat(progress.recoveryDue(5_000)).isTrue();
        // The stored batch may end elsewhere than ours: nothing of it counts as durable here.
        assertThat(progress.commitDue()).isEmpty();
    }

    @Test
    void aFailedPublishRereadsThePositionAfterABackoffThatDoublesWhileFailuresLast() {
        PartitionProgress progress = reading(0);
        progress.sent(0, 9, 10);

        assertThat(progress.settleFailed(0)).contains(Duration.ofMillis(100));
        assertThat(progress.awaitingAck()).isFalse();
        assertThat(progress.reading()).isFalse();
        assertThat(progress.recoveryDue(99 * MS)).isFalse();
        assertThat(progress.recoveryDue(100 * MS)).isTrue();

        progress.resumed(0);

        assertThat(progress.failed(0)).contains(Duration.ofMillis(200));
    }

    @Test
    void aBatchWhoseAcknowledgementWasLostCountsAsPublishedOnceTheResumeFindsItInTheStream() {
        PartitionProgress progress = reading(0);
        progress.read(records(0, 20));
        progress.sent(0, 9, 8);
        progress.settleFailed(0);

        assertThat(progress.resumed(20)).isEqualTo(8);
        assertThat(progress.resumed(20)).isZero();
    }

    @Test
    void aBatchStoredBeforeCountsAsPublishedOnceTheResumeFindsItInTheStream() {
        PartitionProgress progress = reading(0);
        progress.sent(0, 9, 10);

        assertThat(progress.settle(PublishOutcome.ALREADY_STORED, 0)).isInstanceOf(Settlement.StoredBefore.class);

        assertThat(progress.resumed(10)).isEqualTo(10);
    }

    @Test
    void anUnconfirmedBatchTheStreamDoesNotHoldCountsNothingAndIsCountedWhenStoredAgain() {
        PartitionProgress progress = reading(0);
        progress.sent(0, 9, 10);
        progress.settleFailed(0);

        assertThat(progress.resumed(0)).isZero();
        progress.sent(0, 9, 10);
        assertThat(progress.settle(PublishOutcome.STORED, 0)).isEqualTo(new Settlement.Stored(10));
    }

    @Test
    void anUnconfirmedBatchRetentionDeletedBeforeTheStreamHeldItCountsNothing() {
        PartitionProgress progress = reading(0);
        progress.sent(0, 9, 10);
        progress.settleFailed(0);

        assertThat(progress.resumed(20, 0)).isZero();
    }

    @Test
    void anUnconfirmedBatchInFlightAtARecoveryCountsWhenTheStreamHoldsIt() {
        PartitionProgress progress = reading(0);
        progress.sent(0, 9, 10);
        progress.failed(0);

        assertThat(progress.closeInFlight(false)).isZero();
        assertThat(progress.resumed(10)).isEqualTo(10);
    }

    @Test
    void aStoredBatchEndsTheBackoff() {
        PartitionProgress progress = reading(0);
        progress.failed(0);
        progress.resumed(0);
        progress.sent(0, 9, 10);

        progress.settle(PublishOutcome.STORED, 0);

        assertThat(progress.failed(0)).contains(Duration.ofMillis(100));
    }

    @Test
    void aFailureWhileRecoveringChangesNothing() {
        PartitionProgress progress = reading(0);
        progress.failed(0);

        assertThat(progress.failed(50 * MS)).isEmpty();
        assertThat(progress.recoveryDue(100 * MS)).isTrue();
    }

    @Test
    void keepsTheBatchInFlightOfAFailedPartitionUntilItResumes() {
        PartitionProgress progress = reading(0);
        progress.commitDue();
        progress.sent(0, 9, 10);
        progress.readThrough(10);

        progress.failed(0);

        assertThat(progress.awaitingAck()).isTrue();
        assertThat(progress.knownDurable()).isZero();
        assertThat(progress.closeInFlight(true)).isEqualTo(10);
        assertThat(progress.knownDurable()).isEqualTo(10);
    }

    @Test
    void aBatchInFlightNotStoredNowIsNoPosition() {
        PartitionProgress progress = reading(0);
        progress.sent(0, 9, 10);
        progress.readThrough(10);

        assertThat(progress.closeInFlight(false)).isZero();
        assertThat(progress.awaitingAck()).isFalse();
        assertThat(progress.knownDurable()).isZero();
    }

    @Test
    void countsARepublishedBatchOnlyForRecordsNotPublishedBefore() {
        PartitionProgress progress = reading(0);
        progress.sent(0, 9, 10);
        progress.settle(PublishOutcome.STORED, 0);
        progress.failed(0);
        progress.resumed(5);

        progress.sent(5, 14, 10);

        assertThat(progress.settle(PublishOutcome.STORED, 0)).isEqualTo(new Settlement.Stored(5));
    }

    @Test
    void retriesAfterABackoffWhenWhereToResumeCannotBeTold() {
        PartitionProgress progress = PartitionProgress.assigned(BACKOFF, 0);

        assertThat(progress.cannotResume(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(progress.recoveryDue(99 * MS)).isFalse();
        assertThat(progress.cannotResume(100 * MS)).isEqualTo(Duration.ofMillis(200));
        assertThat(progress.recoveryDue(299 * MS)).isFalse();
        assertThat(progress.recoveryDue(300 * MS)).isTrue();
    }

    @Test
    void knowsNothingDurableBeforeItFirstResumed() {
        PartitionProgress progress = PartitionProgress.assigned(BACKOFF, 0);

        assertThat(progress.knownDurable()).isEqualTo(-1);
        assertThat(progress.commitDue()).isEqualTo(OptionalLong.empty());
        assertThat(progress.finalCommit()).isEmpty();
    }

    @Test
    void commitsTheConsumersPositionAtRestOnlyOnceEverythingReadIsDurable() {
        PartitionProgress progress = reading(0);
        progress.read(records(0, 10));
        progress.sent(0, 9, 10);

        // In flight: what is durable, as any final commit.
        assertThat(progress.settled()).isFalse();
        assertThat(progress.restCommit(11)).isEqualTo(progress.finalCommit());

        progress.settle(PublishOutcome.STORED, 0);

        // Settled: the position, past the transaction marker at offset 10.
        assertThat(progress.settled()).isTrue();
        assertThat(progress.restCommit(11)).hasValue(11);
        // A position Kafka could not tell (-1) falls back to what is durable.
        assertThat(progress.restCommit(-1)).hasValue(10);
    }

    private static PartitionProgress reading(long position) {
        PartitionProgress progress = PartitionProgress.assigned(BACKOFF, 0);
        progress.resumed(position);
        return progress;
    }

    private static List<SourceRecord> records(long firstOffset, int count) {
        List<SourceRecord> records = new ArrayList<>();
        for (long offset = firstOffset; offset < firstOffset + count; offset++) {
            records.add(new SourceRecord(offset, 0, new byte[0]));
        }
        return records;
    }
}

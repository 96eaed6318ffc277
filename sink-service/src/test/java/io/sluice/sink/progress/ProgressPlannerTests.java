package io.sluice.sink.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ProgressPlannerTests {

    @Test
    void startsAFreshBlockAfterTheCommittedSequence() {
        assertThat(ProgressPlanner.plan(Progress.START, "a", 1_000, Room.ANY)).isEqualTo(new Plan.Fresh(1));
        assertThat(ProgressPlanner.plan(new Progress(41, null), "a", 1_000, Room.ANY)).isEqualTo(new Plan.Fresh(42));
    }

    @Test
    void replaysItsOwnUnfinishedInsertExactly() {
        Intent mine = new Intent(42, 90, "a", 5_000);

        assertThat(ProgressPlanner.plan(new Progress(41, mine), "a", 1_000, Room.ANY)).isEqualTo(new Plan.Replay(mine));
    }

    @Test
    void waitsForAnotherReplicasInsertWhileItsLeaseIsLive() {
        Intent theirs = new Intent(42, 90, "b", 5_000);

        assertThat(ProgressPlanner.plan(new Progress(41, theirs), "a", 1_000, Room.ANY)).isEqualTo(new Plan.Wait(5_000));
    }

    @Test
    void takesOverAnInsertWhoseOwnerStoppedRenewingItsLease() {
        Intent abandoned = new Intent(42, 90, "b", 5_000);

        assertThat(ProgressPlanner.plan(new Progress(41, abandoned), "a", 5_000, Room.ANY)).isEqualTo(new Plan.Replay(abandoned));
    }

    @Test
    void theDeduplicationTokenDependsOnlyOnTheLaneAndRange() {
        Intent first = new Intent(42, 90, "a", 5_000);
        Intent takenOver = first.withLease("b", 9_000);

        assertThat(takenOver.token("orders/dedup.web")).isEqualTo(first.token("orders/dedup.web")).isEqualTo("orders/dedup.web:42-90");
    }

    @Test
    void refusesAnEmptyOrBackwardRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Intent(0, 5, "a", 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Intent(9, 5, "a", 0));
    }

    @Test
    void committingAnIntentMovesTheSequenceToItsEndAndClearsIt() {
        Intent intent = new Intent(42, 90, "a", 5_000);

        assertThat(Progress.committed(intent, "a", 7_000)).isEqualTo(new Progress(90, null, "a", 7_000));
    }

    @Test
    void recordingAnIntentHoldsTheLaneForItsOwnerUntilItsLeaseEnds() {
        Intent intent = new Intent(42, 90, "b", 5_000);

        assertThat(new Progress(41, null, "a", 2_000).withIntentOf(intent)).isEqualTo(new Progress(41, intent, "b", 5_000));
    }

    @Test
    void standsByWhileAnotherReplicaHoldsTheLane() {
        Progress heldByB = new Progress(41, null, "b", 5_000);

        assertThat(ProgressPlanner.plan(heldByB, "a", 1_000, Room.ANY)).isEqualTo(new Plan.Standby("b", 5_000));
    }

    @Test
    void theHolderGoesOnAndAnyReplicaStartsOnceTheHoldLapsedOrWasReleased() {
        Progress heldByA = new Progress(41, null, "a", 5_000);

        assertThat(ProgressPlanner.plan(heldByA, "a", 1_000, Room.ANY)).isEqualTo(new Plan.Fresh(42));
        assertThat(ProgressPlanner.plan(heldByA, "b", 5_000, Room.ANY)).isEqualTo(new Plan.Fresh(42));
        assertThat(ProgressPlanner.plan(heldByA.released(), "b", 1_000, Room.ANY)).isEqualTo(new Plan.Fresh(42));
    }

    @Test
    void anUnfinishedIntentIsDecidedByItsLeaseWhoeverHoldsTheLane() {
        Intent abandoned = new Intent(42, 90, "b", 4_000);

        assertThat(ProgressPlanner.plan(new Progress(41, abandoned, "b", 9_000), "a", 5_000, Room.ANY)).isEqualTo(new Plan.Replay(abandoned));
    }

    @Test
    void aReplicaAtItsShareLeavesALaneHandedOverToTheOthersForTheGraceThenTakesIt() {
        Progress handedOver = Progress.handedOver(new Intent(42, 90, "b", 5_000), 10_000);
        Room atShare = new Room(false, Set.of("a", "b", "c"), 3_000);

        assertThat(ProgressPlanner.plan(handedOver, "a", 11_000, atShare)).isEqualTo(new Plan.Standby(null, 13_000));
        assertThat(ProgressPlanner.plan(handedOver, "a", 13_000, atShare)).isEqualTo(new Plan.Fresh(91));
    }

    @Test
    void aReplicaBelowItsShareTakesALaneHandedOverAtOnce() {
        Progress handedOver = Progress.handedOver(new Intent(42, 90, "b", 5_000), 10_000);

        assertThat(ProgressPlanner.plan(handedOver, "c", 10_001, new Room(true, Set.of("b", "c"), 3_000)))
                .isEqualTo(new Plan.Fresh(91));
    }

    @Test
    void aLapsedHoldOfADeadReplicaIsTakenAtOnceAndOfALiveOneAfterTheGrace() {
        Progress lapsed = new Progress(41, null, "b", 5_000);
        Room bAlive = new Room(false, Set.of("a", "b"), 3_000);
        Room bDead = new Room(false, Set.of("a"), 3_000);

        assertThat(ProgressPlanner.plan(lapsed, "a", 6_000, bDead)).isEqualTo(new Plan.Fresh(42));
        assertThat(ProgressPlanner.plan(lapsed, "a", 6_000, bAlive)).isEqualTo(new Plan.Standby("b", 8_000));
        assertThat(ProgressPlanner.plan(lapsed, "a", 8_000, bAlive)).isEqualTo(new Plan.Fresh(42));
    }

    @Test
    void aLaneReleasedAtAStopOrNeverHeldIsTakenAtOnceWhateverTheShare() {
        Room atShare = new Room(false, Set.of("a", "b"), 3_000);

        assertThat(ProgressPlanner.plan(new Progress(41, null, "b", 5_000).released(), "a", 1_000, atShare)).isEqualTo(new Plan.Fresh(42));
        assertThat(ProgressPlanner.plan(Progress.START, "a", 1_000, atShare)).isEqualTo(new Plan.Fresh(1));
    }

    @Test
    void theHolderGoesOnWhateverItsShareAndALiveHoldIsNeverTaken() {
        Progress heldByA = new Progress(41, null, "a", 5_000);
        Room atShare = new Room(false, Set.of("a", "b"), 0);

        assertThat(ProgressPlanner.plan(heldByA, "a", 9_000, atShare)).isEqualTo(new Plan.Fresh(42));
        assertThat(ProgressPlanner.plan(heldByA, "b", 1_000, new Room(true, Set.of("a", "b"), 0))).isEqualTo(new Plan.Standby("a", 5_000));
    }
}

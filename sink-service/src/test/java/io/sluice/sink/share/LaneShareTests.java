package io.sluice.sink.share;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaneShareTests {

    @Test
    void aReplicaAloneTakesEveryLaneAndHandsNoneOver() {
        LaneShare alone = new LaneShare(4, 1);

        assertThat(alone.hasRoom(3)).isTrue();
        assertThat(alone.surplus(4)).isFalse();
        assertThat(alone.wanting(0)).isFalse();
    }

    @Test
    void aReplicaAboveItsShareHandsLanesOverAndTakesNone() {
        LaneShare fourOnTwo = new LaneShare(4, 2);

        assertThat(fourOnTwo.surplus(3)).isTrue();
        assertThat(fourOnTwo.surplus(2)).isFalse();
        assertThat(fourOnTwo.hasRoom(2)).isFalse();
        assertThat(fourOnTwo.hasRoom(1)).isTrue();
    }

    @Test
    void anUnevenCountSettlesWithoutAnyReplicaWanting() {
        LaneShare fiveOnTwo = new LaneShare(5, 2);

        // 3 and 2: neither hands over, neither looks often.
        assertThat(fiveOnTwo.surplus(3)).isFalse();
        assertThat(fiveOnTwo.wanting(2)).isFalse();
        // 4 and 1: the one with 4 hands one over, the one with 1 looks often for it.
        assertThat(fiveOnTwo.surplus(4)).isTrue();
        assertThat(fiveOnTwo.wanting(1)).isTrue();
    }

    @Test
    void aReplicaWantsOnlyWhenAnotherMustBeAboveItsShare() {
        LaneShare fourOnThree = new LaneShare(4, 3);

        // 2, 2 and 0 is steady: nobody would hand a lane over to the one with none.
        assertThat(fourOnThree.wanting(0)).isFalse();
        LaneShare tenOnTwo = new LaneShare(10, 2);
        assertThat(tenOnTwo.wanting(3)).isTrue();
        assertThat(tenOnTwo.wanting(5)).isFalse();
    }
}

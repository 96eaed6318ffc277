package io.sluice.join.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JoinStateGuardTests {

    @Test
    void everySentinelThereMeansTheStateIsThere() {
        assertThat(JoinStateGuard.decide(16, 16, 3, true, true)).isInstanceOf(JoinStateGuard.Ready.class);
    }

    @Test
    void aJoinThatNeverAppliedAnythingWritesItsSentinels() {
        assertThat(JoinStateGuard.decide(16, 0, 0, false, false)).isInstanceOf(JoinStateGuard.Create.class);
        assertThat(JoinStateGuard.decide(16, 7, 0, false, false)).as("a first start that died halfway")
                .isInstanceOf(JoinStateGuard.Create.class);
    }

    @Test
    void noSentinelAndNoStateAfterEventsWereAppliedIsALoss() {
        assertThat(JoinStateGuard.decide(16, 0, 0, true, false)).isInstanceOfSatisfying(JoinStateGuard.Lost.class,
                lost -> assertThat(lost.reason()).isEqualTo("16 of 16 join shards lost their sentinel key and 16 hold no"
                        + " state though the join applied events before (restart without persistence, flush or failover)"));
    }

    @Test
    void stateWithoutAnySentinelIsAJoinFromBeforeSentinelsAndGetsThem() {
        assertThat(JoinStateGuard.decide(16, 0, 5, true, false)).isInstanceOf(JoinStateGuard.Create.class);
    }

    @Test
    void sentinelsThisReplicaSawThatAreGoneAreALossWhateverTheProgressSays() {
        assertThat(JoinStateGuard.decide(16, 0, 0, false, true)).isInstanceOf(JoinStateGuard.Lost.class);
        assertThat(JoinStateGuard.decide(16, 0, 5, false, true)).isInstanceOf(JoinStateGuard.Lost.class);
        assertThat(JoinStateGuard.decide(16, 15, 16, true, false)).as("one shard's state gone").isInstanceOf(JoinStateGuard.Lost.class);
    }
}

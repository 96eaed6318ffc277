package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayProtectionTests {

    @Test
    void aReplicatedMergeTreeOfAnyKindDropsReplaysAndIsNotRefused() {
        for (String engine : new String[] {"ReplicatedMergeTree", "ReplicatedReplacingMergeTree", "ReplicatedSummingMergeTree"}) {
            assertThat(ReplayProtection.of(engine)).as(engine).isEqualTo(ReplayProtection.DROPS_REPLAYS);
            assertThat(ReplayProtection.of(engine).refusedUnlessAccepted()).as(engine).isFalse();
        }
        assertThat(ReplayProtection.DROPS_REPLAYS.explanation()).contains("exactly once").doesNotContain("refused");
    }

    @Test
    void aPlainMergeTreeIsRefusedUnlessAcceptedOrGivenTheNonReplicatedWindow() {
        for (String engine : new String[] {"MergeTree", "ReplacingMergeTree", "AggregatingMergeTree"}) {
            assertThat(ReplayProtection.of(engine)).as(engine).isEqualTo(ReplayProtection.ONLY_WITH_WINDOW_SETTING);
            assertThat(ReplayProtection.of(engine).refusedUnlessAccepted()).as(engine).isTrue();
        }
        assertThat(ReplayProtection.ONLY_WITH_WINDOW_SETTING.explanation())
                .contains("non_replicated_deduplication_window", "refused at start unless you accept at-least-once");
    }

    @Test
    void tablesThatAreNoMergeTreeAreRefusedUnlessAccepted() {
        for (String engine : new String[] {"Memory", "Log", "TinyLog", "Distributed"}) {
            assertThat(ReplayProtection.of(engine)).as(engine).isEqualTo(ReplayProtection.NONE);
            assertThat(ReplayProtection.of(engine).refusedUnlessAccepted()).as(engine).isTrue();
        }
        assertThat(ReplayProtection.NONE.explanation()).contains("refused at start unless you accept at-least-once");
    }

    @Test
    void anUnknownEngineIsNeitherPraisedNorRefused() {
        assertThat(ReplayProtection.of("")).isEqualTo(ReplayProtection.UNKNOWN);
        assertThat(ReplayProtection.of(null)).isEqualTo(ReplayProtection.UNKNOWN);
        assertThat(ReplayProtection.UNKNOWN.refusedUnlessAccepted()).isFalse();
        assertThat(ReplayProtection.UNKNOWN.explanation()).isEmpty();
    }
}

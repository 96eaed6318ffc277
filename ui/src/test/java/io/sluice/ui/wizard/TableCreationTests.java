package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.wizard.Lookups.TableCreation;
import org.junit.jupiter.api.Test;

class TableCreationTests {

    private static final TableCreation SHOWN = new TableCreation("orders", "ReplicatedMergeTree", List.of("order_id"),
            "CREATE TABLE `shop`.`orders` …", null, false);

    @Test
    void createTableRunsOnlyTheStatementTheUserWasShown() {
        assertThat(SHOWN.shows("orders", "ReplicatedMergeTree", List.of("order_id"))).isTrue();
    }

    @Test
    void anyChangeOfNameEngineOrSortKeyNeedsTheStatementShownAgain() {
        assertThat(SHOWN.shows("orders2", "ReplicatedMergeTree", List.of("order_id"))).isFalse();
        assertThat(SHOWN.shows("orders", "MergeTree", List.of("order_id"))).isFalse();
        assertThat(SHOWN.shows("orders", "ReplicatedMergeTree", List.of())).isFalse();
    }

    @Test
    void aRefusalOrATableAlreadyCreatedShowsNothingToRun() {
        assertThat(new TableCreation("orders", "MergeTree", List.of(), null, "Table exists", false)
            .shows("orders", "MergeTree", List.of())).isFalse();
        assertThat(new TableCreation("orders", "MergeTree", List.of(), "CREATE TABLE …", "Created", true)
            .shows("orders", "MergeTree", List.of())).isFalse();
    }
}

package io.sluice.model.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TableDeduplicationTests {

    private static final Map<String, String> SERVER_18 = Map.of("replicated_deduplication_window", "100",
            "replicated_deduplication_window_seconds", "604800");
    private static final Map<String, String> SERVER_22 = Map.of("replicated_deduplication_window", "100",
            "replicated_deduplication_window_seconds", "604800", "non_replicated_deduplication_window", "0");

    @Test
    void aReplicatedTableRemembersTheServersWindowOfBlocks() {
        TableDeduplication table = TableDeduplication.of("ReplicatedMergeTree",
                "ReplicatedMergeTree('/clickhouse/tables/{shard}/db/t', '{replica}') ORDER BY id SETTINGS index_granularity = 8192",
                SERVER_18, "/clickhouse/tables/01/db/t");

        assertThat(table.dropsReplayedInserts()).isTrue();
        assertThat(table.window()).isEqualTo(100);
        assertThat(table.windowSeconds()).isEqualTo(604_800);
        assertThat(table.zookeeperPath()).isEqualTo("/clickhouse/tables/01/db/t");
    }

    @Test
    void theTablesOwnSettingWinsOverTheServerDefault() {
        TableDeduplication table = TableDeduplication.of("ReplicatedReplacingMergeTree",
                "ReplicatedReplacingMergeTree('/p', 'r') ORDER BY id SETTINGS replicated_deduplication_window = 3, index_granularity = 8192",
                SERVER_18, "/p");

        assertThat(table.window()).isEqualTo(3);
    }

    @Test
    void aReplicatedTableWithAWindowOfZeroDropsNothing() {
        TableDeduplication table = TableDeduplication.of("ReplicatedMergeTree",
                "ReplicatedMergeTree('/p', 'r') ORDER BY id SETTINGS replicated_deduplication_window = 0", SERVER_18, "/p");

        assertThat(table.dropsReplayedInserts()).isFalse();
    }

    @Test
    void aPlainMergeTreeDropsNothingUnlessItHasANonReplicatedWindow() {
        assertThat(TableDeduplication.of("MergeTree", "MergeTree ORDER BY id SETTINGS index_granularity = 8192", SERVER_18, null)
                .dropsReplayedInserts()).isFalse();
        assertThat(TableDeduplication.of("MergeTree", "MergeTree ORDER BY id", SERVER_22, null).dropsReplayedInserts()).isFalse();
        TableDeduplication windowed = TableDeduplication.of("MergeTree",
                "MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 1000, index_granularity = 8192", SERVER_22, null);
        assertThat(windowed.dropsReplayedInserts()).isTrue();
        assertThat(windowed.window()).isEqualTo(1000);
        assertThat(windowed.zookeeperPath()).isNull();
    }

    @Test
    void otherEnginesDropNothing() {
        assertThat(TableDeduplication.of("Memory", "Memory", SERVER_22, null).dropsReplayedInserts()).isFalse();
        assertThat(TableDeduplication.of("Distributed", "Distributed(c, db, t, rand())", SERVER_22, null).dropsReplayedInserts())
                .isFalse();
    }
}

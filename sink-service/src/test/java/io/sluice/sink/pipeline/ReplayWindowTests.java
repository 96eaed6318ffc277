package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import io.sluice.model.clickhouse.TableDeduplication;
import io.sluice.sink.clickhouse.BlockMemory.Remembered;
import io.sluice.sink.progress.Intent;
import org.junit.jupiter.api.Test;

class ReplayWindowTests {

    private static final long NOW = 1_796_000_000_000L;
    private static final TableDeduplication WINDOW_OF_3 = TableDeduplication.of("ReplicatedMergeTree",
            "ReplicatedMergeTree('/p', 'r') ORDER BY id SETTINGS replicated_deduplication_window = 3",
            Map.of("replicated_deduplication_window_seconds", "604800"), "/p");
    private static final Intent A_MINUTE_OLD = new Intent(10, 20, "a", 0, 2, 100, NOW - 60_000);

    @Test
    void aReplayIsSafeWhileTheTableStillRemembersABlockOlderThanTheIntent() {
        assertThat(ReplayWindow.refusal("db.t", WINDOW_OF_3, A_MINUTE_OLD, Optional.of(new Remembered(3, 1)), NOW)).isNull();
    }

    @Test
    void aReplayIsSafeWhileTheTableRemembersFewerBlocksThanItsWindow() {
        assertThat(ReplayWindow.refusal("db.t", WINDOW_OF_3, A_MINUTE_OLD, Optional.of(new Remembered(2, 0)), NOW)).isNull();
    }

    @Test
    void aReplayAfterAFullWindowOfNewerBlocksIsRefusedNamingTheSetting() {
        assertThat(ReplayWindow.refusal("db.t", WINDOW_OF_3, A_MINUTE_OLD, Optional.of(new Remembered(3, 0)), NOW))
                .contains("at least 3 blocks were inserted into db.t", "sequences 10-20", "remembers the last 3",
                        "replicated_deduplication_window");
    }

    @Test
    void aReplayOlderThanTheWindowsSecondsIsRefused() {
        Intent eightDaysOld = new Intent(10, 20, "a", 0, 2, 100, NOW - 8 * 86_400_000L);

        assertThat(ReplayWindow.refusal("db.t", WINDOW_OF_3, eightDaysOld, Optional.of(new Remembered(0, 0)), NOW))
                .contains("replicated_deduplication_window_seconds");
    }

    @Test
    void goesAheadWhenItCannotBeKnown() {
        assertThat(ReplayWindow.refusal("db.t", WINDOW_OF_3, A_MINUTE_OLD, Optional.empty(), NOW)).isNull();
        assertThat(ReplayWindow.refusal("db.t", WINDOW_OF_3, new Intent(10, 20, "a", 0), Optional.of(new Remembered(500, 0)), NOW)).isNull();
    }

    @Test
    void countsBlocksFromALittleBeforeTheIntentToAllowForClocks() {
        assertThat(ReplayWindow.countFrom(A_MINUTE_OLD)).isEqualTo(NOW - 60_000 - ReplayWindow.CLOCK_MARGIN_MILLIS);
    }
}

package io.sluice.api.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SeekPlanTests {

    private static final List<PartitionRange> TOPIC = List.of(new PartitionRange(0, 0, 100), new PartitionRange(1, 40, 45),
            new PartitionRange(2, 7, 7));

    @Test
    void latestReadsTheLastFewOfEveryPartitionThatHasAny() {
        assertThat(SeekPlan.ranges(TOPIC, new Seek.Latest(), 10, Map.of())).isEqualTo(Map.of(
                0, new SeekPlan.Range(90, 100), 1, new SeekPlan.Range(40, 45)));
    }

    @Test
    void anOffsetSeekReadsForwardInItsPartitionWithinWhatItHolds() {
        assertThat(SeekPlan.ranges(TOPIC, new Seek.FromOffset(0, 95), 10, Map.of())).isEqualTo(Map.of(0, new SeekPlan.Range(95, 100)));
        assertThat(SeekPlan.ranges(TOPIC, new Seek.FromOffset(1, 3), 2, Map.of()))
                .as("an offset already deleted starts at the first held").isEqualTo(Map.of(1, new SeekPlan.Range(40, 42)));
        assertThat(SeekPlan.ranges(TOPIC, new Seek.FromOffset(0, 500), 10, Map.of())).as("past the end: nothing yet").isEmpty();
    }

    @Test
    void anOffsetSeekInAPartitionTheTopicHasNotSaysWhichItHas() {
        assertThatThrownBy(() -> SeekPlan.ranges(TOPIC, new Seek.FromOffset(3, 0), 10, Map.of()))
                .isInstanceOf(UnknownPartitionException.class).hasMessage("The topic has no partition 3: its partitions are 0 to 2.");
    }

    @Test
    void aTimeSeekStartsEachPartitionWhereKafkaFoundTheTimeAndSkipsPartitionsWithNothingThatLate() {
        assertThat(SeekPlan.ranges(TOPIC, new Seek.FromTime(Instant.EPOCH), 3, Map.of(0, 20L))).isEqualTo(Map.of(0, new SeekPlan.Range(20, 23)));
    }

    @Test
    void latestShowsTheNewestFirstAndOthersInTheOrderWritten() {
        BrowsedRecord older = record(1, 44, "2026-12-05T10:00:00Z");
        BrowsedRecord newer = record(0, 99, "2026-12-05T10:00:05Z");
        BrowsedRecord newest = record(0, 100, "2026-12-05T10:00:09Z");

        assertThat(SeekPlan.shown(List.of(older, newest, newer), new Seek.Latest(), 2)).containsExactly(newest, newer);
        assertThat(SeekPlan.shown(List.of(newest, older, newer), new Seek.FromTime(Instant.EPOCH), 2)).containsExactly(older, newer);
    }

    private static BrowsedRecord record(int partition, long offset, String time) {
        return new BrowsedRecord(partition, offset, Instant.parse(time), null, null, "{}", "e30=", 2, false, List.of());
    }
}

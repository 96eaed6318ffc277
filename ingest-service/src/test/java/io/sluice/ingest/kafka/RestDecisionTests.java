package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestDecisionTests {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);

    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    @Test
    void aGroupWithNoMemberWakesForAnyRecordItDidNotCommit() {
        Map<TopicPartition, Long> ends = Map.of(P0, 50L, P1, 51L);

        assertThat(RestDecision.wake(ends, Map.of(P0, new OffsetAndMetadata(50), P1, new OffsetAndMetadata(51)), true, 500))
                .isFalse();
        assertThat(RestDecision.wake(ends, Map.of(P0, new OffsetAndMetadata(50), P1, new OffsetAndMetadata(50)), true, 500))
                .isTrue();
    }

    @Test
    void aPartitionWithRecordsAndNothingCommittedIsBehindButAnEmptyOneIsNot() {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        committed.put(P0, new OffsetAndMetadata(50));
        committed.put(P1, null);

        assertThat(RestDecision.behind(Map.of(P0, 50L, P1, 0L), committed)).isZero();
        assertThat(RestDecision.behind(Map.of(P0, 50L, P1, 3L), committed)).isEqualTo(3);
        assertThat(RestDecision.behind(Map.of(P0, 50L, P1, 3L), Map.of(P0, new OffsetAndMetadata(50)))).isEqualTo(3);
    }

    @Test
    void whileAnotherMemberReadsOnlyABacklogWakesARestingSource() {
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of(P0, new OffsetAndMetadata(0), P1, new OffsetAndMetadata(0));

        assertThat(RestDecision.wake(Map.of(P0, 200L, P1, 299L), committed, false, 500)).isFalse();
        assertThat(RestDecision.wake(Map.of(P0, 200L, P1, 300L), committed, false, 500)).isTrue();
    }
}

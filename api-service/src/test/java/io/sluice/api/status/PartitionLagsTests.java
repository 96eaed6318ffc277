package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PartitionLagsTests {

    @Test
    void lagIsWhatLiesBetweenTheCommittedOffsetAndTheEndOfEachPartition() {
        List<PartitionLag> lags = PartitionLags.of(Map.of(0, 120L, 1, 80L), Map.of(0, 0L, 1, 0L), Map.of(0, 100L, 1, 80L));

        assertThat(lags).containsExactly(new PartitionLag(0, 120, 100L, 20), new PartitionLag(1, 80, 80L, 0));
    }

    @Test
    void partitionTheGroupNeverCommittedCountsEverythingStillInTheLog() {
        List<PartitionLag> lags = PartitionLags.of(Map.of(0, 500L), Map.of(0, 200L), Map.of());

        assertThat(lags).containsExactly(new PartitionLag(0, 500, null, 300));
    }

    @Test
    void committedOffsetBeyondTheEndOfATopicCreatedAgainIsNoNegativeLag() {
        List<PartitionLag> lags = PartitionLags.of(Map.of(0, 5L), Map.of(0, 0L), Map.of(0, 900L));

        assertThat(lags).containsExactly(new PartitionLag(0, 5, 900L, 0));
    }

    @Test
    void partitionsAreListedInOrder() {
        List<PartitionLag> lags = PartitionLags.of(Map.of(2, 1L, 0, 1L, 1, 1L), Map.of(), Map.of());

        assertThat(lags).extracting(PartitionLag::partition).containsExactly(0, 1, 2);
        assertThat(lags).extracting(PartitionLag::lag).containsExactly(1L, 1L, 1L);
    }

    @Test
    void pipelineTotalIsUnknownWithTheReasonWhenOneSourceIsUnknown() {
        SourceLag known = SourceLag.known("orders", "t1", "g1", List.of(new PartitionLag(0, 10, 4L, 6)));
        SourceLag unknown = SourceLag.unknown("payments", "t2", "g2", "Kafka at b:9092 did not answer within 3 s");

        BrokerLag lag = BrokerLag.of(List.of(known, unknown), Instant.EPOCH);

        assertThat(known.total()).isEqualTo(6);
        assertThat(lag.total()).isNull();
        assertThat(lag.unknown()).isEqualTo("payments: Kafka at b:9092 did not answer within 3 s");
        assertThat(BrokerLag.of(List.of(known), Instant.EPOCH).total()).isEqualTo(6);
    }
}

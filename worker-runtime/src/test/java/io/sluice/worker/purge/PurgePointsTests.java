package io.sluice.worker.purge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PurgePointsTests {

    @Test
    void eachSubjectIsPurgedBelowItsLastProcessedMessage() {
        PurgePoints points = new PurgePoints();
        points.processed("s.dedup.orders.0", 10);
        points.processed("s.dedup.orders.1", 11);
        points.processed("s.dedup.orders.0", 12);

        assertThat(points.due()).containsOnly(entry("s.dedup.orders.0", 12), entry("s.dedup.orders.1", 11));
    }

    @Test
    void anEarlierSequenceNeverMovesTheKeptMessageBack() {
        PurgePoints points = new PurgePoints();
        points.processed("s.ingest.orders.0", 40);
        points.processed("s.ingest.orders.0", 30);

        assertThat(points.due()).containsOnly(entry("s.ingest.orders.0", 40));
    }

    @Test
    void aSubjectPurgedIsNotDueAgainUntilALaterMessageIsProcessed() {
        PurgePoints points = new PurgePoints();
        points.processed("s.dedup.orders.0", 10);
        points.processed("s.dedup.orders.1", 11);

        points.purged("s.dedup.orders.0", 10);
        assertThat(points.due()).containsOnly(entry("s.dedup.orders.1", 11));

        points.processed("s.dedup.orders.0", 15);
        assertThat(points.due()).containsOnly(entry("s.dedup.orders.0", 15), entry("s.dedup.orders.1", 11));
    }

    @Test
    void aLaterMessageProcessedWhilePurgingStaysDue() {
        PurgePoints points = new PurgePoints();
        points.processed("s.dedup.orders.0", 10);
        var due = points.due();
        points.processed("s.dedup.orders.0", 14);

        points.purged("s.dedup.orders.0", due.get("s.dedup.orders.0"));

        assertThat(points.due()).containsOnly(entry("s.dedup.orders.0", 14));
    }

    private static java.util.Map.Entry<String, Long> entry(String subject, long sequence) {
        return java.util.Map.entry(subject, sequence);
    }
}

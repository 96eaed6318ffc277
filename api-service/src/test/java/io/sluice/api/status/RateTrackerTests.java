package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.sluice.model.control.Component;
import io.sluice.model.control.JoinCounts;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import org.junit.jupiter.api.Test;

class RateTrackerTests {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final RateTracker tracker = new RateTracker(Duration.ofSeconds(30));

    @Test
    void replicaSeenForTheFirstTimeHasNoRateYet() {
        Map<String, RateTracker.Rates> rates = tracker.update(List.of(ingest("a", T0, 1_000_000)), T0);

        assertThat(rates).isEmpty();
    }

    @Test
    void theIncreaseBetweenTwoHeartbeatsIsChartedEvenlyOverTheTimeBetweenThemTwoSamplesLater() {
        RateTracker sampledEvery2s = new RateTracker(Duration.ofSeconds(30), Duration.ofSeconds(2));
        sampledEvery2s.update(List.of(ingest("a", T0, 1000)), T0);
        sampledEvery2s.update(List.of(ingest("a", T0.plusSeconds(4), 1200)), T0.plusSeconds(4));

        // At 0:06 the point stands for 0:00 to 0:02: half of the 200 events of 0:00 to 0:04.
        Map<String, RateTracker.Rates> rates = sampledEvery2s.update(List.of(ingest("a", T0.plusSeconds(4), 1200)),
                T0.plusSeconds(6));

        assertThat(rates.get("p.ingest.a").eventsIn()).isEqualTo(50.0);
    }

    @Test
    void replicaRestartedUnderTheSameIdCountsItsNewCounterInsteadOfANegativeRate() {
        tracker.update(List.of(ingest("a", T0, 5000)), T0);

        Map<String, RateTracker.Rates> rates = tracker.update(List.of(ingest("a", T0.plusSeconds(10), 300)),
                T0.plusSeconds(10));

        assertThat(rates.get("p.ingest.a").eventsIn()).isEqualTo(30.0);
    }

    @Test
    void replicaJoiningLaterAddsNoSpikeFromTheEventsItCountedBefore() {
        tracker.update(List.of(ingest("a", T0, 100)), T0);

        Map<String, RateTracker.Rates> rates = tracker.update(List.of(ingest("a", T0.plusSeconds(10), 200),
                ingest("b", T0.plusSeconds(10), 9_000_000)), T0.plusSeconds(10));

        assertThat(rates).containsOnlyKeys("p.ingest.a");
        assertThat(rates.get("p.ingest.a").eventsIn()).isEqualTo(10.0);
    }

    @Test
    void staleReplicaCountsAsZero() {
        tracker.update(List.of(ingest("a", T0, 0)), T0);
        tracker.update(List.of(ingest("a", T0.plusSeconds(10), 100)), T0.plusSeconds(10));

        Map<String, RateTracker.Rates> rates = tracker.update(List.of(ingest("a", T0.plusSeconds(10), 100)),
                T0.plusSeconds(60));

        assertThat(rates.get("p.ingest.a")).isEqualTo(RateTracker.Rates.ZERO);
    }

    @Test
    void heartbeatFromAnEarlierClockStartsOverWithoutARate() {
        tracker.update(List.of(ingest("a", T0.plusSeconds(10), 500)), T0.plusSeconds(10));

        Map<String, RateTracker.Rates> rates = tracker.update(List.of(ingest("a", T0.plusSeconds(5), 600)),
                T0.plusSeconds(20));

        assertThat(rates).isEmpty();
    }

    @Test
    void replicaThatLeftAndCameBackIsNewAgain() {
        tracker.update(List.of(ingest("a", T0, 100)), T0);
        tracker.update(List.of(), T0.plusSeconds(10));

        Map<String, RateTracker.Rates> rates = tracker.update(List.of(ingest("a", T0.plusSeconds(20), 900)),
                T0.plusSeconds(20));

        assertThat(rates).isEmpty();
    }

    @Test
    void everyCounterGetsItsOwnRate() {
        WorkerStatus before = new WorkerStatus("p", Component.DEDUP, "d", WorkerState.RUNNING, T0, 100, 80, 20, 0, 0, null);
        WorkerStatus after = new WorkerStatus("p", Component.DEDUP, "d", WorkerState.RUNNING, T0.plusSeconds(2), 300, 200, 90, 10, 0, null);
        tracker.update(List.of(before), T0);

        RateTracker.Rates rates = tracker.update(List.of(after), T0.plusSeconds(2)).get("p.dedup.d");

        assertThat(rates).isEqualTo(new RateTracker.Rates(100, 60, 35, 5, 0, 0));
    }

    @Test
    void aJoinReplicaAlsoGetsRatesOfJoinedAndUnmatchedLeftEvents() {
        WorkerStatus before = join(T0, new JoinCounts(100, 90, 80, 5, 40, 9_000));
        WorkerStatus after = join(T0.plusSeconds(4), new JoinCounts(300, 290, 260, 25, 10, 4_000));
        tracker.update(List.of(before), T0);

        RateTracker.Rates rates = tracker.update(List.of(after), T0.plusSeconds(4)).get("p.join.j");

        assertThat(rates.joined()).isEqualTo(45.0);
        assertThat(rates.unmatched()).isEqualTo(5.0);
    }

    private static WorkerStatus join(Instant heartbeat, JoinCounts counts) {
        return new WorkerStatus("p", Component.JOIN, "j", WorkerState.RUNNING, heartbeat, counts.leftIn() + counts.rightIn(), counts.joined(),
                0, 0, 0, null, null, null, List.of(), counts);
    }

    @Test
    void burstReadBeforeAReplicasFirstReportIsChartedOverTheTimeSinceItStarted() {
        // The whole burst was read and counted before the first report: without its start it had no rate, and was charted as 0.
        Map<String, RateTracker.Rates> rates = tracker.update(List.of(started("a", T0.minusSeconds(2), T0, 2000)), T0);

        assertThat(rates.get("p.ingest.a").eventsIn()).isEqualTo(1000.0);
    }

    @Test
    void burstReadJustBeforeTheFirstReportIsChartedWhollyByThePointOfItsSecond() {
        RateTracker sampledEverySecond = new RateTracker(Duration.ofSeconds(30), Duration.ofSeconds(1));
        WorkerStatus burst = started("a", T0.minusMillis(250), T0, 2000);

        assertThat(sampledEverySecond.update(List.of(burst), T0).get("p.ingest.a")).isEqualTo(RateTracker.Rates.ZERO);
        assertThat(sampledEverySecond.update(List.of(burst), T0.plusSeconds(1)).get("p.ingest.a").eventsIn()).isZero();
        // The point of 0:02 stands for the second before 0:00.
        assertThat(sampledEverySecond.update(List.of(burst), T0.plusSeconds(2)).get("p.ingest.a").eventsIn())
                .isEqualTo(2000.0);
    }

    @Test
    void aBurstIsChartedOnceThoughASampleSeesNoNewHeartbeatAfterIt() {
        // Heartbeats and samples every second, out of step; on a loaded machine a heartbeat comes
        // late and one sample sees the same report as the one before (CI, 2026-12-07: a burst of
        // 2,000 charted with an area of 3,922).
        RateTracker sampledEverySecond = new RateTracker(Duration.ofSeconds(30), Duration.ofSeconds(1));
        Instant start = T0.minusMillis(250);
        WorkerStatus burst = started("a", start, T0, 2000);
        double charted = 0;
        for (var seen : List.of(List.of(burst, T0.plusMillis(100)), List.of(burst, T0.plusMillis(1100)),
                List.of(started("a", start, T0.plusMillis(1900), 2000), T0.plusMillis(2100)),
                List.of(started("a", start, T0.plusMillis(2900), 2000), T0.plusMillis(3100)),
                List.of(started("a", start, T0.plusMillis(3900), 2000), T0.plusMillis(4100)))) {
            RateTracker.Rates rates = sampledEverySecond.update(List.of((WorkerStatus) seen.get(0)), (Instant) seen.get(1))
                    .get("p.ingest.a");
            charted += rates == null ? 0 : rates.eventsIn();
        }

        assertThat(charted).isEqualTo(2000.0);
    }

    @Test
    void aSteadyRateStaysSteadyAndAddsUpThoughAHeartbeatComesLate() {
        // 1,000 events a second; the heartbeat of 0:03 is a second late, so the sample of 0:03.2
        // sees the report of 0:02 once more.
        RateTracker sampledEverySecond = new RateTracker(Duration.ofSeconds(30), Duration.ofSeconds(1));
        Instant start = T0.minusSeconds(1);
        long[][] seen = { { 0, 0, 200 }, { 1000, 1000, 1200 }, { 2000, 2000, 2200 }, { 2000, 2000, 3200 },
                { 4000, 4000, 4200 }, { 5000, 5000, 5200 }, { 6000, 6000, 6200 } };
        List<Double> points = new java.util.ArrayList<>();
        for (long[] sample : seen) {
            RateTracker.Rates rates = sampledEverySecond.update(
                    List.of(started("a", start, T0.plusMillis(sample[1]), sample[0])), T0.plusMillis(sample[2])).get("p.ingest.a");
            points.add(rates == null ? null : rates.eventsIn());
        }

        // Every point from when the lag (two samples) has passed the first second charts what the
        // replica counted in one second.
        assertThat(points.subList(3, points.size())).containsOnly(1000.0);
    }

    @Test
    void whatAHeartbeatLaterThanTheLagBringsIsChartedByTheNextSampleNotLost() {
        RateTracker sampledEverySecond = new RateTracker(Duration.ofSeconds(30), Duration.ofSeconds(1));
        Instant start = T0.minusSeconds(1);
        // 1,000 events a second; no heartbeat between 0:01 and 0:06.
        long[][] seen = { { 0, 0, 0 }, { 1000, 1000, 2000 }, { 1000, 1000, 3000 }, { 1000, 1000, 4000 },
                { 1000, 1000, 5000 }, { 6000, 6000, 6000 }, { 6000, 6000, 7000 }, { 6000, 6000, 8000 } };
        double charted = 0;
        for (long[] sample : seen) {
            RateTracker.Rates rates = sampledEverySecond.update(
                    List.of(started("a", start, T0.plusMillis(sample[1]), sample[0])), T0.plusMillis(sample[2])).get("p.ingest.a");
            charted += rates == null ? 0 : rates.eventsIn();
        }

        assertThat(charted).isEqualTo(6000.0);
    }

    @Test
    void aBurstThenNothingAddsUpToTheEventsOfTheBurst() {
        Instant start = T0.minusSeconds(1);
        double counted = 0;
        long[] counters = { 0, 0, 2000, 2000, 2000 };
        for (int i = 0; i < counters.length; i++) {
            Instant heartbeat = T0.plusSeconds(i);
            counted += tracker.update(List.of(started("a", start, heartbeat, counters[i])), heartbeat)
                    .get("p.ingest.a").eventsIn() * 1.0;
        }

        assertThat(counted).isEqualTo(2000.0);
    }

    @Test
    void aBurstAfterARestIsChartedWithTheAreaOfTheBurstThoughTheReportBeforeItIsOld() {
        // As a replica writes them: a change, once more, then unchanged only every 15 s; the
        // samples (every 10 s) see the report of 0:05, then the burst's of 0:25, then 0:30's, then
        // its heartbeats vouching for it.
        RateTracker sampledEvery10s = new RateTracker(Duration.ofSeconds(30), Duration.ofSeconds(10));
        WorkerStatus quiet = dedup(T0.plusSeconds(5), 0, 0);
        WorkerStatus burst = dedup(T0.plusSeconds(25), 1800, 0)
                .withRest(new WorkerStatus.Rest(T0, T0.plusSeconds(20)));
        WorkerStatus onceMore = dedup(T0.plusSeconds(30), 1800, 0);

        double charted = 0;
        for (var seen : List.of(List.of(quiet, T0.plusSeconds(19)), List.of(burst, T0.plusSeconds(29)),
                List.of(onceMore, T0.plusSeconds(39)), List.of(dedup(T0.plusSeconds(45), 1800, 0), T0.plusSeconds(49)),
                List.of(dedup(T0.plusSeconds(55), 1800, 0), T0.plusSeconds(59)))) {
            RateTracker.Rates rates = sampledEvery10s.update(List.of((WorkerStatus) seen.get(0)), (Instant) seen.get(1))
                    .get("p.dedup.d");
            charted += rates == null ? 0 : rates.eventsIn() * 10;
        }

        assertThat(charted).isEqualTo(1800.0);
    }

    @Test
    void aRestTheSeenReportIsNotPartOfChangesNothing() {
        // The report seen last came before the rest: the increase spans from it, as always.
        tracker.update(List.of(dedup(T0, 0, 0)), T0);
        WorkerStatus moved = dedup(T0.plusSeconds(20), 2000, 0).withRest(new WorkerStatus.Rest(T0.plusSeconds(5), T0.plusSeconds(15)));

        assertThat(tracker.update(List.of(moved), T0.plusSeconds(20)).get("p.dedup.d").eventsIn()).isEqualTo(100.0);
    }

    @Test
    void replicaThatStartedItsWorkAgainCountsItsNewCountersFromItsNewStart() {
        tracker.update(List.of(started("a", T0.minusSeconds(10), T0, 5000)), T0);

        Map<String, RateTracker.Rates> rates = tracker.update(List.of(started("a", T0.plusSeconds(8), T0.plusSeconds(10), 300)),
                T0.plusSeconds(10));

        // Its 300 new events over the 10 s since the sample before (no sample interval given).
        assertThat(rates.get("p.ingest.a").eventsIn()).isEqualTo(30.0);
    }

    @Test
    void replicaRunningLongBeforeItsFirstReportWasSeenHasNoRateYet() {
        // Its counters span hours: their average says nothing about now.
        Map<String, RateTracker.Rates> rates = tracker.update(List.of(started("a", T0.minusSeconds(7200), T0, 900_000)), T0);

        assertThat(rates).isEmpty();
    }

    @Test
    void filteredEventsGetTheirOwnRate() {
        WorkerStatus before = dedup(T0, 100, 10);
        WorkerStatus after = dedup(T0.plusSeconds(2), 300, 50);
        tracker.update(List.of(before), T0);

        RateTracker.Rates rates = tracker.update(List.of(after), T0.plusSeconds(2)).get("p.dedup.d");

        assertThat(rates.filtered()).isEqualTo(20.0);
    }

    private static WorkerStatus started(String replica, Instant startedAt, Instant heartbeat, long eventsIn) {
        return new WorkerStatus("p", Component.INGEST, replica, WorkerState.RUNNING, heartbeat, eventsIn, eventsIn, 0, 0, 0,
                null, null, null, List.of(), null, Map.of(), 0, "box", startedAt);
    }

    private static WorkerStatus dedup(Instant heartbeat, long eventsIn, long filtered) {
        return new WorkerStatus("p", Component.DEDUP, "d", WorkerState.RUNNING, heartbeat, eventsIn, eventsIn - filtered, 0,
                0, 0, null, null, null, List.of(), null, Map.of(), filtered, "box", null);
    }

    @Test
    void increaseOfACounterThatWentDownIsItsNewValue() {
        assertThat(RateTracker.increase(10, 15)).isEqualTo(5);
        assertThat(RateTracker.increase(10, 10)).isZero();
        assertThat(RateTracker.increase(1000, 3)).isEqualTo(3);
    }

    private static WorkerStatus ingest(String replica, Instant heartbeat, long eventsIn) {
        return new WorkerStatus("p", Component.INGEST, replica, WorkerState.RUNNING, heartbeat, eventsIn, eventsIn, 0, 0, 0, null);
    }
}

package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.sluice.model.control.Component;
import io.sluice.model.control.JoinCounts;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import org.junit.jupiter.api.Test;

class MetricsPointsTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static final Instant FRESH_SINCE = NOW.minusSeconds(30);

    @Test
    void pipelineRatesAreIngestInAndSinkOutWithDuplicatesAndDeadLettersOfEveryComponent() {
        List<WorkerStatus> reports = List.of(
                report("ingest", "i1", NOW, 0, 0, 0, 5, null, null),
                report("dedup", "d1", NOW, 0, 0, 0, 0, null, null),
                report("dedup", "d2", NOW, 0, 0, 0, 0, null, null),
                report("sink", "s1", NOW, 0, 0, 0, 0, null, null));
        Map<String, RateTracker.Rates> rates = Map.of(
                "p.ingest.i1", new RateTracker.Rates(100, 98, 0, 2, 0, 0),
                "p.dedup.d1", new RateTracker.Rates(50, 40, 10, 0, 0, 0),
                "p.dedup.d2", new RateTracker.Rates(48, 38, 10, 0, 0, 0),
                "p.sink.s1", new RateTracker.Rates(78, 77.5, 0, 0.5, 0, 0));

        MetricsPoint point = MetricsPoints.of(NOW, reports, rates, FRESH_SINCE, null);

        assertThat(point.eventsInPerSecond()).isEqualTo(100.0);
        assertThat(point.eventsOutPerSecond()).isEqualTo(77.5);
        assertThat(point.duplicatesPerSecond()).isEqualTo(20.0);
        assertThat(point.deadLettersPerSecond()).isEqualTo(2.5);
        assertThat(point.components()).extracting(MetricsPoint.ComponentPoint::component)
                .containsExactly("ingest", "dedup", "sink");
        assertThat(point.components().get(1)).isEqualTo(new MetricsPoint.ComponentPoint("dedup", 2, 98.0, 78.0, 0));
    }

    @Test
    void filteredEventsAreARateAndACountOfTheReplicasThatFilter() {
        WorkerStatus d1 = new WorkerStatus("p", Component.DEDUP, "d1", WorkerState.RUNNING, NOW, 100, 70, 10, 0, 0, null,
                null, null, List.of(), null, Map.of(), 20, "box", null);
        WorkerStatus d2 = new WorkerStatus("p", Component.DEDUP, "d2", WorkerState.RUNNING, NOW, 50, 45, 0, 0, 0, null,
                null, null, List.of(), null, Map.of(), 5, "box", null);
        Map<String, RateTracker.Rates> rates = Map.of(
                "p.dedup.d1", new RateTracker.Rates(10, 7, 1, 0, 0, 0, 2),
                "p.dedup.d2", new RateTracker.Rates(5, 4.5, 0, 0, 0, 0, 0.5));

        MetricsPoint point = MetricsPoints.of(NOW, List.of(d1, d2), rates, FRESH_SINCE, null);

        assertThat(point.filteredPerSecond()).isEqualTo(2.5);
        assertThat(point.filtered()).isEqualTo(25);
        assertThat(MetricsPoints.of(NOW, List.of(d1), Map.of(), FRESH_SINCE, null).filteredPerSecond())
                .as("no rate before a second sample").isNull();
    }

    @Test
    void aJoinPipelineShowsJoinedAndUnmatchedRatesOfAllJoinReplicasAndTheNewestReadingOfItsState() {
        List<WorkerStatus> reports = List.of(
                join("j1", NOW.minusSeconds(2), new JoinCounts(10, 10, 8, 1, 70, 7_000)),
                join("j2", NOW.minusSeconds(1), new JoinCounts(10, 10, 8, 1, 60, 6_000)),
                join("gone", NOW.minusSeconds(60), new JoinCounts(10, 10, 8, 1, 999, 99_000)));
        Map<String, RateTracker.Rates> rates = Map.of(
                "p.join.j1", new RateTracker.Rates(40, 19, 0, 0, 19, 1),
                "p.join.j2", new RateTracker.Rates(38, 17, 0, 0, 17, 2.5));

        MetricsPoint point = MetricsPoints.of(NOW, reports, rates, FRESH_SINCE, null);

        assertThat(point.joinedPerSecond()).isEqualTo(36.0);
        assertThat(point.unmatchedPerSecond()).isEqualTo(3.5);
        assertThat(point.joinWaiting()).isEqualTo(60);
        assertThat(point.joinStateBytes()).isEqualTo(6_000);
    }

    @Test
    void aPipelineWithoutAJoinHasNoJoinFigures() {
        MetricsPoint point = MetricsPoints.of(NOW, List.of(report("dedup", "d1", NOW, 7, 40, 3, 120, null, null)),
                Map.of("p.dedup.d1", new RateTracker.Rates(50, 40, 10, 0, 0, 0)), FRESH_SINCE, null);

        assertThat(point.joinedPerSecond()).isNull();
        assertThat(point.unmatchedPerSecond()).isNull();
        assertThat(point.joinWaiting()).isNull();
        assertThat(point.joinStateBytes()).isNull();
    }

    @Test
    void firstSampleOfAPipelineHasNoRatesButItsLagAndTotals() {
        MetricsPoint point = MetricsPoints.of(NOW, List.of(report("dedup", "d1", NOW, 7, 40, 3, 120, null, null)),
                Map.of(), FRESH_SINCE, null);

        assertThat(point.eventsInPerSecond()).isNull();
        assertThat(point.duplicatesPerSecond()).isNull();
        assertThat(point.components().get(0).eventsInPerSecond()).isNull();
        assertThat(point.lag()).isEqualTo(120);
        assertThat(point.duplicatesDropped()).isEqualTo(40);
        assertThat(point.deadLetters()).isEqualTo(3);
    }

    @Test
    void lagIsTheSumOverComponentsOfTheirLargestFreshReplicaLag() {
        List<WorkerStatus> reports = List.of(
                report("ingest", "i1", NOW, 0, 0, 0, 500, null, null),
                report("dedup", "d1", NOW, 0, 0, 0, 30, null, null),
                report("dedup", "d2", NOW, 0, 0, 0, 70, null, null),
                report("dedup", "dead", NOW.minusSeconds(300), 0, 0, 0, 9999, null, null));

        MetricsPoint point = MetricsPoints.of(NOW, reports, Map.of(), FRESH_SINCE, null);

        assertThat(point.lag()).isEqualTo(570);
        assertThat(point.components().get(1).replicas()).isEqualTo(2);
    }

    @Test
    void latencyIsTheWorstOfTheSinkReplicasThatWroteSinceTheirLastReport() {
        List<WorkerStatus> reports = List.of(
                report("sink", "s1", NOW, 0, 0, 0, 0, 120L, 900L),
                report("sink", "s2", NOW, 0, 0, 0, 0, 200L, 450L),
                report("sink", "idle", NOW, 0, 0, 0, 0, null, null));

        MetricsPoint point = MetricsPoints.of(NOW, reports, Map.of(), FRESH_SINCE, null);

        assertThat(point.latencyP50Millis()).isEqualTo(200);
        assertThat(point.latencyP99Millis()).isEqualTo(900);
    }

    @Test
    void noSinkWriteMeansNoLatency() {
        MetricsPoint point = MetricsPoints.of(NOW, List.of(report("sink", "s1", NOW, 0, 0, 0, 0, null, null)),
                Map.of(), FRESH_SINCE, null);

        assertThat(point.latencyP50Millis()).isNull();
        assertThat(point.latencyP99Millis()).isNull();
    }

    private static WorkerStatus join(String replica, Instant heartbeat, JoinCounts counts) {
        return new WorkerStatus("p", Component.JOIN, replica, WorkerState.RUNNING, heartbeat,
                counts.leftIn() + counts.rightIn(), counts.joined(), 0, 0, 0, null, null, null, List.of(), counts);
    }

    private static WorkerStatus report(String component, String replica, Instant heartbeat, long eventsIn,
            long duplicates, long deadLetters, long lag, Long p50, Long p99) {
        return new WorkerStatus("p", Component.fromJson(component), replica, WorkerState.RUNNING, heartbeat, eventsIn,
                eventsIn, duplicates, deadLetters, lag, null, p50, p99);
    }
}

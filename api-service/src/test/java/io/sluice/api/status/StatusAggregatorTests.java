package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.sluice.api.pipeline.PipelineHealth;
import io.sluice.api.pipeline.PipelineWarnings;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.JoinCounts;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import org.junit.jupiter.api.Test;

class StatusAggregatorTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final StatusAggregator aggregator = new StatusAggregator(Duration.ofSeconds(30));

    @Test
    void listsEveryComponentInDataFlowOrderEvenWithoutReports() {
        PipelineStatusView view = aggregator.aggregate("orders", false, List.of(), NOW);

        assertThat(view.components()).extracting(ComponentStatus::component)
                .containsExactly("ingest", "dedup", "join", "sink");
        assertThat(view.components()).allSatisfy(component -> {
            assertThat(component.replicasReporting()).isZero();
            assertThat(component.lastHeartbeat()).isNull();
            assertThat(component.replicas()).isEmpty();
        });
    }

    @Test
    void aPipelineIsDegradedWithTheReasonWhenAReportingReplicaOfAStageCannotRunIt() {
        String storage = "insufficient storage resources available [10047]";
        List<WorkerStatus> reports = List.of(
                state("ingest", "a", WorkerState.FAILED, NOW.minusSeconds(1), storage),
                state("ingest", "b", WorkerState.RUNNING, NOW.minusSeconds(1), null),
                state("dedup", "a", WorkerState.FAILED, NOW.minusSeconds(2), "Timeout or no response"),
                state("dedup", "b", WorkerState.FAILED, NOW.minusSeconds(1), storage),
                // Silent for longer than 30 s: it may be gone; its failure no longer counts.
                state("sink", "gone", WorkerState.FAILED, NOW.minusSeconds(40), "old"),
                state("sink", "b", WorkerState.RUNNING, NOW.minusSeconds(1), null));

        PipelineStatusView view = aggregator.aggregate("orders", false, reports, NOW);

        assertThat(view.health()).isEqualTo(PipelineHealth.DEGRADED);
        assertThat(view.problems()).containsExactly(
                "ingest cannot run it on 1 of 2 replicas: " + storage,
                "dedup cannot run it on all 2 replicas: " + storage);
        Map<String, PipelineWarnings.Notes> notes = aggregator.notesByPipeline(reports, NOW);
        assertThat(notes).containsOnlyKeys("orders");
        assertThat(notes.get("orders").problems()).isEqualTo(view.problems());
    }

    @Test
    void aPipelineEveryReportingReplicaRunsIsOkAndAbsentFromTheListsProblems() {
        List<WorkerStatus> reports = List.of(state("ingest", "a", WorkerState.RUNNING, NOW, null),
                state("dedup", "a", WorkerState.PAUSED, NOW, "a retried error"));

        PipelineStatusView view = aggregator.aggregate("orders", false, reports, NOW);

        assertThat(view.health()).isEqualTo(PipelineHealth.OK);
        assertThat(view.problems()).isEmpty();
        assertThat(aggregator.notesByPipeline(reports, NOW)).isEmpty();
    }

    @Test
    void sumsCountersOfAComponentsReplicas() {
        PipelineStatusView view = aggregator.aggregate("orders", false, List.of(
                report("dedup", "a", NOW.minusSeconds(2), 100, 90, 10, 1, 5, null),
                report("dedup", "b", NOW.minusSeconds(1), 50, 45, 4, 2, 7, null)), NOW);

        ComponentStatus dedup = component(view, "dedup");
        assertThat(dedup.replicasReporting()).isEqualTo(2);
        assertThat(dedup.eventsIn()).isEqualTo(150);
        assertThat(dedup.eventsOut()).isEqualTo(135);
        assertThat(dedup.duplicatesDropped()).isEqualTo(14);
        assertThat(dedup.deadLetters()).isEqualTo(3);
        assertThat(dedup.maxLag()).isEqualTo(7);
        assertThat(dedup.lastHeartbeat()).isEqualTo(NOW.minusSeconds(1));
        assertThat(dedup.replicas()).extracting(ReplicaStatus::replicaId).containsExactly("a", "b");
    }

    @Test
    void aJoinSumsItsReplicasJoinCountersAndShowsTheNewestReadingOfItsStateWhileOtherComponentsHaveNone() {
        PipelineStatusView view = aggregator.aggregate("orders", false, List.of(
                join("a", NOW.minusSeconds(1), new JoinCounts(100, 90, 80, 5, 40, 9_000)),
                join("b", NOW.minusSeconds(3), new JoinCounts(50, 60, 45, 2, 44, 9_900)),
                join("dead", NOW.minusSeconds(40), new JoinCounts(7, 7, 7, 7, 777, 77_700)),
                report("dedup", "d", NOW, 10, 9, 1, 0, 0, null)), NOW);

        ComponentStatus join = component(view, "join");
        assertThat(join.join()).isEqualTo(new JoinCounts(157, 157, 132, 14, 40, 9_000));
        assertThat(join.duplicatesDropped()).as("a join drops no duplicates").isZero();
        assertThat(join.replicas()).extracting(ReplicaStatus::join).doesNotContainNull();
        assertThat(component(view, "dedup").join()).isNull();
    }

    private static WorkerStatus state(String component, String replica, WorkerState state, Instant heartbeat, String error) {
        return new WorkerStatus("orders", Component.fromJson(component), replica, state, heartbeat, 0, 0, 0, 0, 0, error, null,
                null, List.of(), null);
    }

    private static WorkerStatus join(String replica, Instant heartbeat, JoinCounts counts) {
        return new WorkerStatus("orders", Component.JOIN, replica, WorkerState.RUNNING, heartbeat, counts.leftIn() + counts.rightIn(),
                counts.joined(), 0, 0, 0, null, null, null, List.of(), counts);
    }

    @Test
    void eventsDroppedByTheFilterAreCountedSoThatInAddsUpToOutDuplicatesAndFiltered() {
        PipelineStatusView view = aggregator.aggregate("orders", false, List.of(
                filtering("a", 100, 70, 10, 20), filtering("b", 50, 40, 0, 10)), NOW);

        ComponentStatus dedup = view.components().get(1);
        assertThat(dedup.filtered()).isEqualTo(30);
        assertThat(dedup.eventsIn()).isEqualTo(dedup.eventsOut() + dedup.duplicatesDropped() + dedup.filtered()
                + dedup.deadLetters());
        assertThat(dedup.replicas()).extracting(ReplicaStatus::filtered).containsExactly(20L, 10L);
        assertThat(view.components().get(0).filtered()).isZero();
    }

    @Test
    void replicasAreNamedForPeopleWithTheirFullIdKept() {
        PipelineStatusView view = aggregator.aggregate("orders", false, List.of(
                filtering("4711_box", 1, 1, 0, 0), filtering("4712_box", 1, 1, 0, 0)), NOW);

        List<ReplicaStatus> replicas = view.components().get(1).replicas();
        assertThat(replicas).extracting(ReplicaStatus::replicaId).containsExactly("4711_box", "4712_box");
        assertThat(replicas.get(0).name()).startsWith("dedup @ box · ").isNotEqualTo(replicas.get(1).name());
        assertThat(replicas.get(0).host()).isEqualTo("box");
    }

    private static WorkerStatus filtering(String replica, long in, long out, long duplicates, long filtered) {
        return new WorkerStatus("orders", Component.DEDUP, replica, WorkerState.RUNNING, NOW.minusSeconds(1), in, out,
                duplicates, 0, 0, null, null, null, List.of(), null, java.util.Map.of(), filtered, "box",
                NOW.minusSeconds(60));
    }

    @Test
    void replicaWithAnOldHeartbeatCountsAsNotReporting() {
        PipelineStatusView view = aggregator.aggregate("orders", false, List.of(
                report("sink", "alive", NOW.minusSeconds(5), 10, 10, 0, 0, 3, null),
                report("sink", "dead", NOW.minusSeconds(31), 20, 20, 0, 0, 99, null)), NOW);

        ComponentStatus sink = component(view, "sink");
        assertThat(sink.replicasReporting()).isEqualTo(1);
        assertThat(sink.replicasStale()).isEqualTo(1);
        assertThat(sink.replicas()).extracting(ReplicaStatus::reporting).containsExactly(true, false);
        // Its counters happened; its lag is out of date.
        assertThat(sink.eventsIn()).isEqualTo(30);
        assertThat(sink.maxLag()).isEqualTo(3);
    }

    @Test
    void heartbeatExactlyAtTheThresholdStillCounts() {
        PipelineStatusView view = aggregator.aggregate("orders", false,
                List.of(report("ingest", "a", NOW.minusSeconds(30), 0, 0, 0, 0, 0, null)), NOW);

        assertThat(component(view, "ingest").replicasReporting()).isEqualTo(1);
    }

    @Test
    void heartbeatFromAClockAheadOfOursCounts() {
        PipelineStatusView view = aggregator.aggregate("orders", false,
                List.of(report("ingest", "a", NOW.plusSeconds(3), 0, 0, 0, 0, 0, null)), NOW);

        assertThat(component(view, "ingest").replicasReporting()).isEqualTo(1);
    }

    @Test
    void lastErrorIsTheMostRecentlyReportedOne() {
        PipelineStatusView view = aggregator.aggregate("orders", false, List.of(
                report("sink", "a", NOW.minusSeconds(3), 0, 0, 0, 0, 0, "ClickHouse timed out"),
                report("sink", "b", NOW.minusSeconds(1), 0, 0, 0, 0, 0, "Table orders has no column x"),
                report("sink", "c", NOW, 0, 0, 0, 0, 0, null)), NOW);

        assertThat(component(view, "sink").lastError()).isEqualTo("Table orders has no column x");
        assertThat(component(view, "ingest").lastError()).isNull();
    }

    @Test
    void componentWarnsWithTheDistinctWarningsOfItsLiveReplicasAndThePipelineWithThoseOfAllComponents() {
        String mergeTree = "table db.t is a plain MergeTree: a sink crash can duplicate rows (accepted at-least-once)";
        String appendOnly = "Redis runs with appendonly no: a Redis restart lets duplicates pass";
        PipelineStatusView view = aggregator.aggregate("orders", false, List.of(
                warning("sink", "a", NOW.minusSeconds(2), mergeTree),
                warning("sink", "b", NOW.minusSeconds(1), mergeTree),
                warning("dedup", "a", NOW, appendOnly),
                warning("dedup", "dead", NOW.minusSeconds(60), "Redis maxmemory-policy allkeys-lru evicts keys"),
                report("ingest", "a", NOW, 0, 0, 0, 0, 0, null)), NOW);

        assertThat(component(view, "sink").warnings()).containsExactly(mergeTree);
        assertThat(component(view, "dedup").warnings()).containsExactly(appendOnly);
        assertThat(component(view, "ingest").warnings()).isEmpty();
        assertThat(view.warnings()).containsExactly(appendOnly, mergeTree);
        // A silent replica's report stays visible as it was, but no longer warns for its component.
        assertThat(component(view, "dedup").replicas().get(1).warnings())
                .containsExactly("Redis maxmemory-policy allkeys-lru evicts keys");
    }

    @Test
    void pipelineWithoutWarningsHasAnEmptyListNotNull() {
        PipelineStatusView view = aggregator.aggregate("orders", false,
                List.of(report("sink", "a", NOW, 1, 1, 0, 0, 0, null)), NOW);

        assertThat(view.warnings()).isEmpty();
        assertThat(view.components()).allSatisfy(component -> assertThat(component.warnings()).isEmpty());
    }

    @Test
    void warningsPerPipelineComeFromLiveReplicasOnly() {
        Map<String, PipelineWarnings.Notes> warnings = aggregator.notesByPipeline(List.of(
                new WorkerStatus("orders", Component.SINK, "a", WorkerState.RUNNING, NOW, 0, 0, 0, 0, 0, null, null,
                        null, List.of("plain MergeTree")),
                new WorkerStatus("orders", Component.DEDUP, "a", WorkerState.RUNNING, NOW, 0, 0, 0, 0, 0, null, null,
                        null, List.of("appendonly no", "plain MergeTree")),
                new WorkerStatus("payments", Component.SINK, "a", WorkerState.RUNNING, NOW.minusSeconds(60), 0, 0, 0, 0, 0,
                        null, null, null, List.of("stale")),
                new WorkerStatus("clicks", Component.SINK, "a", WorkerState.RUNNING, NOW, 0, 0, 0, 0, 0, null)), NOW);

        assertThat(warnings).containsOnlyKeys("orders");
        assertThat(warnings.get("orders").warnings()).containsExactly("appendonly no", "plain MergeTree");
    }

    @Test
    void ignoresReportsOfOtherPipelinesUnknownComponentsAndIncompleteOnes() {
        PipelineStatusView view = aggregator.aggregate("orders", true, List.of(
                new WorkerStatus("payments", Component.SINK, "a", WorkerState.RUNNING, NOW, 1, 1, 0, 0, 0, null),
                // A newer worker's component this version does not know is read as none.
                ControlJson.readStatus("""
                        {"pipelineId":"orders","component":"enrich","replicaId":"a","state":"running",
                         "heartbeatAt":"2026-03-01T12:00:00Z","eventsIn":1,"eventsOut":1}"""
                        .getBytes(StandardCharsets.UTF_8)),
                new WorkerStatus("orders", Component.SINK, "b", WorkerState.RUNNING, null, 1, 1, 0, 0, 0, null)), NOW);

        assertThat(view.distributionPending()).isTrue();
        assertThat(view.components()).allSatisfy(component -> assertThat(component.replicas()).isEmpty());
    }

    @Test
    void rejectsANonPositiveThreshold() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StatusAggregator(Duration.ZERO));
    }

    private static ComponentStatus component(PipelineStatusView view, String name) {
        return view.components().stream().filter(component -> component.component().equals(name)).findFirst()
                .orElseThrow();
    }

    private static WorkerStatus warning(String component, String replica, Instant heartbeat, String warning) {
        return new WorkerStatus("orders", Component.fromJson(component), replica, WorkerState.RUNNING, heartbeat, 0, 0,
                0, 0, 0, null, null, null, List.of(warning));
    }

    private static WorkerStatus report(String component, String replica, Instant heartbeat, long in, long out,
            long duplicates, long deadLetters, long lag, String error) {
        return new WorkerStatus("orders", Component.fromJson(component), replica, WorkerState.RUNNING, heartbeat, in,
                out, duplicates, deadLetters, lag, error);
    }
}

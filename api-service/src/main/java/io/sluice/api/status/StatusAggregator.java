package io.sluice.api.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.sluice.api.pipeline.PipelineWarnings;
import io.sluice.model.control.Component;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;

/**
 * Builds a pipeline's status view from its replicas' reports. A replica whose last heartbeat is
 * older than {@code staleAfter} counts as not reporting: it may have died, and its key lives on
 * until the status bucket's time-to-live removes it, and its warnings no longer count for its
 * component.
 */
final class StatusAggregator {

    private final Duration staleAfter;

    StatusAggregator(Duration staleAfter) {
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("the staleness threshold must be positive, not " + staleAfter);
        }
        this.staleAfter = staleAfter;
    }

    PipelineStatusView aggregate(String pipelineId, boolean distributionPending, List<WorkerStatus> reports,
            Instant now) {
        Instant freshSince = now.minus(staleAfter);
        List<ComponentStatus> components = new ArrayList<>();
        for (Component component : Component.values()) {
            List<ReplicaStatus> replicas = reports.stream()
                    .filter(report -> pipelineId.equals(report.pipelineId()))
                    .filter(report -> report.component() == component)
                    .filter(report -> report.replicaId() != null && report.heartbeatAt() != null)
                    .map(report -> replica(report, freshSince))
                    .sorted(Comparator.comparing(ReplicaStatus::replicaId))
                    .toList();
            Map<String, String> names = ReplicaNames.of(component.json(), replicas.stream()
                    .map(replica -> new ReplicaNames.Replica(replica.replicaId(), replica.host())).toList());
            replicas = replicas.stream().map(replica -> replica.named(names.get(replica.replicaId()))).toList();
            components.add(component(component, replicas));
        }
        Set<String> warnings = new LinkedHashSet<>();
        components.forEach(component -> warnings.addAll(component.warnings()));
        return new PipelineStatusView(pipelineId, distributionPending, List.copyOf(warnings), List.copyOf(components));
    }

    /**
     * For the pipelines list, the warnings and problems of each pipeline, as its status view gives
     * them, from the whole status bucket read once for a page; a pipeline with neither is absent.
     * Only the pipelines some report warns about or reports failed are aggregated.
     */
    Map<String, PipelineWarnings.Notes> notesByPipeline(List<WorkerStatus> reports, Instant now) {
        Map<String, List<WorkerStatus>> byPipeline = new TreeMap<>();
        reports.stream().filter(report -> report.pipelineId() != null
                        && (!report.warnings().isEmpty() || report.state() == WorkerState.FAILED))
                .forEach(report -> byPipeline.put(report.pipelineId(), new ArrayList<>()));
        reports.stream().filter(report -> byPipeline.containsKey(report.pipelineId()))
                .forEach(report -> byPipeline.get(report.pipelineId()).add(report));
        Map<String, PipelineWarnings.Notes> notes = new TreeMap<>();
        byPipeline.forEach((pipelineId, pipelineReports) -> {
            PipelineStatusView view = aggregate(pipelineId, false, pipelineReports, now);
            if (!view.warnings().isEmpty() || !view.problems().isEmpty()) {
                notes.put(pipelineId, new PipelineWarnings.Notes(view.warnings(), view.problems()));
            }
        });
        return notes;
    }

    private static ReplicaStatus replica(WorkerStatus report, Instant freshSince) {
        // A heartbeat from a clock slightly ahead of ours is fresh, not an error.
        boolean reporting = !report.heartbeatAt().isBefore(freshSince);
        return new ReplicaStatus(report.replicaId(), report.state(), report.heartbeatAt(), reporting,
                report.eventsIn(), report.eventsOut(), report.duplicatesDropped(), report.deadLetters(), report.lag(),
                report.lastError(), report.warnings(), report.join(), report.servers(), report.filtered(), report.host(),
                null, report.startedAt());
    }

    private static ComponentStatus component(Component component, List<ReplicaStatus> replicas) {
        int reporting = 0;
        Instant lastHeartbeat = null;
        long eventsIn = 0;
        long eventsOut = 0;
        long duplicates = 0;
        long deadLetters = 0;
        long filtered = 0;
        long maxLag = 0;
        ReplicaStatus lastFailing = null;
        JoinTotals join = new JoinTotals();
        // A silent replica's warnings may be about a state that is gone (it may have died in it);
        // its own entry still shows them.
        Set<String> warnings = new LinkedHashSet<>();
        for (ReplicaStatus replica : replicas) {
            if (replica.reporting()) {
                reporting++;
                maxLag = Math.max(maxLag, replica.lag());
                warnings.addAll(replica.warnings());
            }
            if (lastHeartbeat == null || replica.heartbeatAt().isAfter(lastHeartbeat)) {
                lastHeartbeat = replica.heartbeatAt();
            }
            eventsIn += replica.eventsIn();
            eventsOut += replica.eventsOut();
            duplicates += replica.duplicatesDropped();
            deadLetters += replica.deadLetters();
            filtered += replica.filtered();
            join.add(replica.join(), replica.heartbeatAt(), replica.reporting());
            if (replica.lastError() != null
                    && (lastFailing == null || replica.heartbeatAt().isAfter(lastFailing.heartbeatAt()))) {
                lastFailing = replica;
            }
        }
        return new ComponentStatus(component.json(), reporting, replicas.size() - reporting, lastHeartbeat, eventsIn,
                eventsOut, duplicates, deadLetters, maxLag, lastFailing == null ? null : lastFailing.lastError(),
                List.copyOf(warnings), replicas, join.total(), filtered);
    }
}

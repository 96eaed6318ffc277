package io.sluice.api.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sluice.model.control.Component;
import io.sluice.model.control.WorkerStatus;

/** Builds one {@link MetricsPoint} of a pipeline from its replicas' reports and their rates. */
final class MetricsPoints {

    private MetricsPoints() {
    }

    /**
     * @param rates     per replica ({@link WorkerStatus#key()}), from {@link RateTracker}; a replica
     *                  without a rate adds nothing, and when none has one the point's rates are null
     * @param freshSince replicas with an older heartbeat count for neither lag nor latency
     * @param deadLettersStored what the pipeline's dead-letter stream holds, or null if unknown
     */
    static MetricsPoint of(Instant time, List<WorkerStatus> reports, Map<String, RateTracker.Rates> rates,
            Instant freshSince, Long deadLettersStored) {
        boolean known = !rates.isEmpty();
        double in = 0;
        double out = 0;
        double duplicates = 0;
        double deadLetters = 0;
        double filtered = 0;
        long filteredTotal = 0;
        long lag = 0;
        Long p50 = null;
        Long p99 = null;
        long duplicatesDropped = 0;
        long deadLettersTotal = 0;
        Double joined = null;
        Double unmatched = null;
        JoinTotals join = new JoinTotals();
        List<MetricsPoint.ComponentPoint> components = new ArrayList<>();
        for (Component component : Component.values()) {
            List<WorkerStatus> replicas = reports.stream()
                    .filter(report -> report.component() == component).toList();
            if (replicas.isEmpty()) {
                continue;
            }
            int fresh = 0;
            double componentIn = 0;
            double componentOut = 0;
            long componentLag = 0;
            for (WorkerStatus replica : replicas) {
                RateTracker.Rates rate = rates.getOrDefault(replica.key(), RateTracker.Rates.ZERO);
                componentIn += rate.eventsIn();
                componentOut += rate.eventsOut();
                duplicates += rate.duplicates();
                deadLetters += rate.deadLetters();
                filtered += rate.filtered();
                if (component == Component.JOIN && known) {
                    joined = (joined == null ? 0 : joined) + rate.joined();
                    unmatched = (unmatched == null ? 0 : unmatched) + rate.unmatched();
                }
                duplicatesDropped += replica.duplicatesDropped();
                deadLettersTotal += replica.deadLetters();
                filteredTotal += replica.filtered();
                join.add(replica.join(), replica.heartbeatAt(), !replica.heartbeatAt().isBefore(freshSince));
                if (!replica.heartbeatAt().isBefore(freshSince)) {
                    fresh++;
                    componentLag = Math.max(componentLag, replica.lag());
                    p50 = max(p50, replica.latencyP50Millis());
                    p99 = max(p99, replica.latencyP99Millis());
                }
            }
            lag += componentLag;
            if (component == Component.INGEST) {
                in = componentIn;
            }
            if (component == Component.SINK) {
                out = componentOut;
            }
            components.add(new MetricsPoint.ComponentPoint(component.json(), fresh, known ? round(componentIn) : null,
                    known ? round(componentOut) : null, componentLag));
        }
        return new MetricsPoint(time, known ? round(in) : null, known ? round(out) : null,
                known ? round(duplicates) : null, known ? round(deadLetters) : null, lag, p50, p99, duplicatesDropped,
                deadLettersTotal, deadLettersStored, joined == null ? null : round(joined),
                unmatched == null ? null : round(unmatched), join.waiting(), join.stateBytes(), List.copyOf(components),
                known ? round(filtered) : null, filteredTotal);
    }

    private static Long max(Long current, Long candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null ? candidate : Math.max(current, candidate);
    }

    // Two decimals: enough for a chart, and the JSON stays readable.
    private static double round(double perSecond) {
        return Math.round(perSecond * 100) / 100.0;
    }
}

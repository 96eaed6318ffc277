package io.sluice.api.status;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sluice.model.control.WorkerStatus;

/**
 * Turns one pipeline's replica counters into rates, sample after sample.
 *
 * <p>Counters run per replica since it started, so a rate is taken per replica and summed later:
 * a sum of counters would drop whenever a replica leaves or restarts. Each rate divides a
 * replica's counter increase by the time between its two heartbeats (not between two samples: a
 * report is as old as its heartbeat). The cases that must never show as a negative or huge spike:
 * <ul>
 * <li>a replica seen for the first time: its counters cover the span since it started the work, so
 * when it says when that was ({@link WorkerStatus#startedAt()}) and that was recent (within
 * {@code staleAfter}), its rate is its counters over that span, or over one sample interval if
 * that is longer (the span its point stands for on a chart, whose area must be the events counted):
 * a burst read before its first report is charted, not lost. Otherwise (an earlier version, or a replica running long before this
 * api-service started) the span tells nothing about now, and it has no rate yet;</li>
 * <li>a replica that started its work again (a new start time): as seen for the first time;</li>
 * <li>a replica that restarted under the same id: its counter is lower than before, and all of it
 * was counted since the restart, so that is the increase;</li>
 * <li>a replica that did not report since the previous sample: it keeps its previous rate while
 * its report is fresh (heartbeats and samples are not in step), and counts as 0 once stale;</li>
 * <li>a report whose counters moved after a {@link WorkerStatus#rest() rest} that covers the report
 * seen before (a replica writes an unchanged report only every few heartbeats, so that one may be
 * much older than the burst): the increase came after the rest, and is rated over the time since
 * its end, or over one sample interval if that is longer (the chart's area must be the events);</li>
 * <li>a heartbeat older than the one before (another host's clock): a new start, no rate.</li>
 * </ul>
 * Not thread-safe: one sampler thread uses it.
 */
final class RateTracker {

    /**
     * Events per second of one replica; joined and unmatched are 0 but for join replicas, filtered
     * but for dedup and join replicas.
     */
    record Rates(double eventsIn, double eventsOut, double duplicates, double deadLetters, double joined,
            double unmatched, double filtered) {

        static final Rates ZERO = new Rates(0, 0, 0, 0, 0, 0, 0);

        Rates(double eventsIn, double eventsOut, double duplicates, double deadLetters, double joined,
                double unmatched) {
            this(eventsIn, eventsOut, duplicates, deadLetters, joined, unmatched, 0);
        }
    }

    private record Baseline(WorkerStatus report, Rates rates) {
    }

    private final Duration staleAfter;

    private final Duration sampleInterval;

    private final Map<String, Baseline> baselines = new HashMap<>();

    RateTracker(Duration staleAfter) {
        this(staleAfter, Duration.ZERO);
    }

    RateTracker(Duration staleAfter, Duration sampleInterval) {
        this.staleAfter = staleAfter;
        this.sampleInterval = sampleInterval;
    }

    /**
     * The rate of each replica in {@code reports}, by {@link WorkerStatus#key()}; a replica without
     * a rate yet is absent. Replicas no longer reported are forgotten.
     */
    Map<String, Rates> update(List<WorkerStatus> reports, Instant now) {
        Instant freshSince = now.minus(staleAfter);
        Map<String, Baseline> seen = new HashMap<>();
        Map<String, Rates> rates = new HashMap<>();
        for (WorkerStatus report : reports) {
            String key = report.key();
            Baseline previous = baselines.get(key);
            Rates rate = rate(previous, report, freshSince);
            seen.put(key, new Baseline(report, rate));
            if (rate != null) {
                rates.put(key, rate);
            }
        }
        baselines.clear();
        baselines.putAll(seen);
        return rates;
    }

    private Rates rate(Baseline previous, WorkerStatus report, Instant freshSince) {
        if (report.heartbeatAt().isBefore(freshSince)) {
            return Rates.ZERO;
        }
        if (previous == null || restarted(previous.report(), report)) {
            return sinceStart(report);
        }
        WorkerStatus before = previous.report();
        long millis = Duration.between(before.heartbeatAt(), report.heartbeatAt()).toMillis();
        if (millis == 0) {
            return previous.rates();
        }
        if (millis < 0) {
            return null;
        }
        WorkerStatus.Rest rest = report.rest();
        if (rest != null && rest.covers(before.heartbeatAt()) && rest.until().isBefore(report.heartbeatAt())) {
            // The counters stood still from the report seen before until the rest's end: the increase came after it.
            long moving = Duration.between(rest.until(), report.heartbeatAt()).toMillis();
            return between(before, report, Math.min(millis, Math.max(moving, sampleInterval.toMillis())) / 1000.0);
        }
        return between(before, report, millis / 1000.0);
    }

    /** The rate of a replica's first report since it started its work; null when the span is unknown or long past. */
    private Rates sinceStart(WorkerStatus report) {
        if (report.startedAt() == null) {
            return null;
        }
        long millis = Duration.between(report.startedAt(), report.heartbeatAt()).toMillis();
        if (millis <= 0 || millis > staleAfter.toMillis()) {
            return null;
        }
        WorkerStatus zero = new WorkerStatus(report.pipelineId(), report.component(), report.replicaId(), report.state(),
                report.startedAt(), 0, 0, 0, 0, 0, null);
        return between(zero, report, Math.max(millis, sampleInterval.toMillis()) / 1000.0);
    }

    private static boolean restarted(WorkerStatus before, WorkerStatus report) {
        return before.startedAt() != null && report.startedAt() != null && !before.startedAt().equals(report.startedAt());
    }

    private static Rates between(WorkerStatus before, WorkerStatus report, double seconds) {
        return new Rates(increase(before.eventsIn(), report.eventsIn()) / seconds,
                increase(before.eventsOut(), report.eventsOut()) / seconds,
                increase(before.duplicatesDropped(), report.duplicatesDropped()) / seconds,
                increase(before.deadLetters(), report.deadLetters()) / seconds,
                increase(joined(before), joined(report)) / seconds,
                increase(unmatched(before), unmatched(report)) / seconds,
                increase(before.filtered(), report.filtered()) / seconds);
    }

    private static long joined(WorkerStatus report) {
        return report.join() == null ? 0 : report.join().joined();
    }

    private static long unmatched(WorkerStatus report) {
        return report.join() == null ? 0 : report.join().unmatched();
    }

    /** A counter lower than before restarted from zero: everything it counts now came since. */
    static long increase(long previous, long current) {
        return current >= previous ? current - previous : current;
    }
}

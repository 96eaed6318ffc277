package io.sluice.api.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.sluice.model.control.WorkerStatus;

/**
 * Turns one pipeline's replica counters into rates, sample after sample, so that the area under
 * a chart of them is the events counted: each event is charted once, never twice and never lost.
 *
 * <p>Per replica, the counters at its heartbeats are points of a curve over time (counters run
 * per replica since it started, so a curve per replica and the rates summed later: a sum of
 * counters would drop whenever a replica leaves or restarts). Between two heartbeats the curve is
 * a straight line. A sample charts the part of the curve from where the sample before it ended
 * to {@code lag} before now, divided by the sample interval (the span each point stands for on a
 * chart). The lag is two sample intervals: heartbeats and samples are not in step and a heartbeat
 * may come late, so by then the heartbeat after that time is usually in. When it is not, the
 * curve is taken as flat after the last heartbeat and what the late one brings is charted by the
 * next sample. (Charting each report's rate until the next heartbeat, as before 2026-12-07,
 * charted a burst twice when a sample saw no new heartbeat after it.)
 *
 * <p>Where the curve has points beside the heartbeats, and the cases that must never show as a
 * negative or huge spike:
 * <ul>
 * <li>a replica seen for the first time: its counters cover the span since it started the work, so
 * when it says when that was ({@link WorkerStatus#startedAt()}) and that was recent (within
 * {@code staleAfter}), the curve starts at 0 then: a burst read before its first report is charted,
 * not lost. Otherwise (an earlier version, or a replica running long before this api-service
 * started) the span tells nothing about now: the curve starts at that report, which has no rate;</li>
 * <li>a replica that started its work again (a new start time): its counters start at 0 then;</li>
 * <li>a replica that restarted under the same id: its counter is lower than before, and all of it
 * was counted since the restart, so that is the increase;</li>
 * <li>a report whose counters moved after a {@link WorkerStatus#rest() rest} that covers the report
 * seen before (a replica writes an unchanged report only now and then, so that one may be much
 * older than the burst): the curve is flat until the rest's end;</li>
 * <li>a replica whose heartbeat is stale counts as 0;</li>
 * <li>a heartbeat older than the one before (another host's clock): a new start, no rate.</li>
 * </ul>
 * Not thread-safe: one sampler thread uses it.
 */
final class RateTracker {

    /** Samples the lag spans: the time a late heartbeat has to come in before its span is charted. */
    static final int LAG_SAMPLES = 2;

    /** Enough for every heartbeat within the lag; older ones are dropped first. */
    private static final int MAX_POINTS = 64;

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

        private static Rates of(double[] perSecond) {
            return new Rates(perSecond[0], perSecond[1], perSecond[2], perSecond[3], perSecond[4], perSecond[5],
                    perSecond[6]);
        }
    }

    private final Duration staleAfter;

    private final Duration sampleInterval;

    private final Map<String, Curve> curves = new HashMap<>();

    RateTracker(Duration staleAfter) {
        this(staleAfter, Duration.ZERO);
    }

    /**
     * @param sampleInterval the span a point stands for; zero for the time since the sample before
     *                       (and then no lag)
     */
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
        Instant until = now.minus(sampleInterval.multipliedBy(LAG_SAMPLES));
        Map<String, Curve> seen = new HashMap<>();
        Map<String, Rates> rates = new HashMap<>();
        for (WorkerStatus report : reports) {
            String key = report.key();
            Curve curve = curves.get(key);
            boolean rated = curve != null && curve.add(report);
            if (!rated) {
                curve = Curve.from(report, freshSince);
            }
            seen.put(key, curve);
            if (report.heartbeatAt().isBefore(freshSince)) {
                rates.put(key, Rates.ZERO);
            } else if (rated || curve.startedFromZero) {
                rates.put(key, curve.chartUntil(until, sampleInterval));
            }
        }
        curves.clear();
        curves.putAll(seen);
        return rates;
    }

    /** Counter totals at a time; totals only grow (a restart adds its new counters to them). */
    private record Point(Instant at, long[] totals) {
    }

    /** One replica's counters over time, and how far they were charted. */
    private static final class Curve {

        private final Deque<Point> points = new ArrayDeque<>();

        private final boolean startedFromZero;

        private WorkerStatus last;

        private Instant chartedAt;

        private double[] chartedTotals;

        private Curve(WorkerStatus report, Instant from, long[] startTotals, boolean startedFromZero) {
            this.startedFromZero = startedFromZero;
            this.last = report;
            this.points.add(new Point(from, startTotals));
            this.chartedAt = from;
            this.chartedTotals = doubles(startTotals);
            if (!from.equals(report.heartbeatAt())) {
                this.points.add(new Point(report.heartbeatAt(), counters(report)));
            }
        }

        /** The curve of a replica seen for the first time (or again after another clock's heartbeat). */
        static Curve from(WorkerStatus report, Instant freshSince) {
            Instant started = report.startedAt();
            if (started != null && started.isBefore(report.heartbeatAt()) && !started.isBefore(freshSince)) {
                return new Curve(report, started, new long[COUNTERS], true);
            }
            return new Curve(report, report.heartbeatAt(), counters(report), false);
        }

        /** Adds a report's counters; false when its heartbeat is older than the last (another clock). */
        boolean add(WorkerStatus report) {
            Instant at = report.heartbeatAt();
            Instant lastAt = points.getLast().at();
            // The last point is always the last report's, at its heartbeat.
            long[] totals = points.getLast().totals();
            if (at.isBefore(lastAt)) {
                return false;
            }
            WorkerStatus before = last;
            long[] now = counters(report);
            long[] previous = counters(before);
            boolean restarted = before.startedAt() != null && report.startedAt() != null
                    && !before.startedAt().equals(report.startedAt());
            long[] next = totals.clone();
            for (int i = 0; i < COUNTERS; i++) {
                next[i] += restarted ? now[i] : increase(previous[i], now[i]);
            }
            WorkerStatus.Rest rest = report.rest();
            if (restarted && report.startedAt().isAfter(lastAt) && report.startedAt().isBefore(at)) {
                points.add(new Point(report.startedAt(), totals));
            } else if (rest != null && rest.covers(before.heartbeatAt()) && rest.until().isAfter(lastAt)
                    && rest.until().isBefore(at)) {
                // The counters stood still from the report seen before until the rest's end: the increase came after it.
                points.add(new Point(rest.until(), totals));
            }
            if (at.equals(points.getLast().at())) {
                points.removeLast();
            }
            points.add(new Point(at, next));
            while (points.size() > MAX_POINTS) {
                points.removeFirst();
            }
            last = report;
            return true;
        }

        /** Per second: the events from where the last sample ended until {@code until}. */
        Rates chartUntil(Instant until, Duration sampleInterval) {
            if (!until.isAfter(chartedAt)) {
                return Rates.ZERO;
            }
            double[] at = totalsAt(until);
            double seconds = (sampleInterval.isZero() ? Duration.between(chartedAt, until) : sampleInterval)
                    .toMillis() / 1000.0;
            double[] perSecond = new double[COUNTERS];
            for (int i = 0; i < COUNTERS; i++) {
                perSecond[i] = Math.max(0, at[i] - chartedTotals[i]) / seconds;
            }
            chartedAt = until;
            chartedTotals = at;
            // Points before the one at or before the charted time are needed no more.
            while (points.size() > 1 && !firstAfterHead().isAfter(chartedAt)) {
                points.removeFirst();
            }
            return Rates.of(perSecond);
        }

        private Instant firstAfterHead() {
            Iterator<Point> iterator = points.iterator();
            iterator.next();
            return iterator.next().at();
        }

        /** The totals at a time: a straight line between two points, flat after the last. */
        private double[] totalsAt(Instant time) {
            Point before = null;
            for (Point point : points) {
                if (point.at().isAfter(time)) {
                    if (before == null) {
                        return doubles(point.totals());
                    }
                    double share = (double) Duration.between(before.at(), time).toNanos()
                            / Duration.between(before.at(), point.at()).toNanos();
                    double[] totals = new double[COUNTERS];
                    for (int i = 0; i < COUNTERS; i++) {
                        totals[i] = before.totals()[i] + share * (point.totals()[i] - before.totals()[i]);
                    }
                    return totals;
                }
                before = point;
            }
            return doubles(before.totals());
        }

        private static double[] doubles(long[] totals) {
            double[] doubles = new double[COUNTERS];
            for (int i = 0; i < COUNTERS; i++) {
                doubles[i] = totals[i];
            }
            return doubles;
        }
    }

    private static final int COUNTERS = 7;

    /** In the order of {@link Rates}' components. */
    private static long[] counters(WorkerStatus report) {
        return new long[] { report.eventsIn(), report.eventsOut(), report.duplicatesDropped(), report.deadLetters(),
                report.join() == null ? 0 : report.join().joined(), report.join() == null ? 0 : report.join().unmatched(),
                report.filtered() };
    }

    /** A counter lower than before restarted from zero: everything it counts now came since. */
    static long increase(long previous, long current) {
        return current >= previous ? current - previous : current;
    }
}

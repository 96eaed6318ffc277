package io.sluice.e2e;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sink's end-to-end latency histogram of one pipeline, as Prometheus scrapes show it: cumulative
 * counts per upper bound in seconds ({@code +Inf} as {@link Double#POSITIVE_INFINITY}). Histograms of
 * several replicas add up, and one taken later minus one taken earlier is what was inserted in
 * between, which is how a benchmark leaves a pipeline's start out of its percentiles. Pure.
 */
record LatencyHistogram(TreeMap<Double, Long> cumulative) {

    private static final String BUCKET = "sluice_sink_end_to_end_latency_seconds_bucket{";

    static LatencyHistogram empty() {
        return new LatencyHistogram(new TreeMap<>());
    }

    /** The pipeline's buckets in one scrape; empty if it has none yet. */
    static LatencyHistogram parse(String scrape, String pipeline) {
        TreeMap<Double, Long> counts = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(BUCKET) || !line.contains("pipeline=\"" + pipeline + "\"")) {
                continue;
            }
            int le = line.indexOf("le=\"") + 4;
            String bound = line.substring(le, line.indexOf('"', le));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            counts.put(upper, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return new LatencyHistogram(counts);
    }

    LatencyHistogram plus(LatencyHistogram other) {
        return combine(other, 1);
    }

    LatencyHistogram minus(LatencyHistogram earlier) {
        return combine(earlier, -1);
    }

    private LatencyHistogram combine(LatencyHistogram other, int sign) {
        TreeMap<Double, Long> counts = new TreeMap<>(cumulative);
        for (Map.Entry<Double, Long> bucket : other.cumulative.entrySet()) {
            counts.merge(bucket.getKey(), sign * bucket.getValue(), Long::sum);
        }
        return new LatencyHistogram(counts);
    }

    /** How many samples it holds (source batches inserted). */
    long count() {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    /**
     * The {@code q} quantile in seconds, interpolated linearly inside its bucket as Prometheus's
     * {@code histogram_quantile} does; the largest finite bound when it lies beyond it; NaN when empty.
     */
    double quantile(double q) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lower = 0;
        long below = 0;
        for (Map.Entry<Double, Long> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lower;
                }
                long inBucket = bucket.getValue() - below;
                return inBucket == 0 ? bucket.getKey() : lower + (bucket.getKey() - lower) * (rank - below) / inBucket;
            }
            lower = bucket.getKey();
            below = bucket.getValue();
        }
        return lower;
    }

    /** A quantile for a report: {@code 1,234 ms}, or {@code n/a} when nothing was measured. */
    String describe(double q) {
        double seconds = quantile(q);
        return Double.isNaN(seconds) ? "n/a" : String.format("%,.0f ms", seconds * 1000);
    }
}

package io.sluice.sink.pipeline;

import java.util.Arrays;

/**
 * End-to-end latency samples since the last {@link #drain()}: what each status report tells about
 * the interval it covers. Micrometer's percentiles decay over minutes; the api-service charts
 * one point per report, so it needs the percentiles of exactly that interval.
 *
 * <p>Holds at most {@code capacity} samples: past that, the newest overwrite the oldest, so a burst
 * between two reports costs bounded memory and the percentiles describe its latest part.
 */
final class LatencyWindow {

    /** Percentiles of one interval, in milliseconds. */
    record Percentiles(long p50Millis, long p99Millis) {
    }

    private final long[] samples;

    private int size;

    private int next;

    LatencyWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.samples = new long[capacity];
    }

    synchronized void record(long millis) {
        samples[next] = Math.max(0, millis);
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /** The percentiles of the samples since the previous call, and forgets them; null when there were none. */
    synchronized Percentiles drain() {
        if (size == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        size = 0;
        next = 0;
        Arrays.sort(sorted);
        return new Percentiles(nearestRank(sorted, 0.50), nearestRank(sorted, 0.99));
    }

    // The nearest-rank percentile: always a latency that was measured, never an interpolation.
    private static long nearestRank(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}

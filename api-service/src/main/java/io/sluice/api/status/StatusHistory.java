package io.sluice.api.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each pipeline's recent {@link MetricsPoint}s, in memory, for {@code retention}. Written by the
 * sampler thread, read by request threads.
 */
final class StatusHistory {

    private final Duration retention;

    private final Map<String, Deque<MetricsPoint>> points = new ConcurrentHashMap<>();

    StatusHistory(Duration retention) {
        this.retention = retention;
    }

    /** Adds a point (points arrive in time order) and drops the pipeline's points past retention. */
    void add(String pipelineId, MetricsPoint point) {
        Deque<MetricsPoint> series = points.computeIfAbsent(pipelineId, (id) -> new ArrayDeque<>());
        synchronized (series) {
            series.addLast(point);
            dropBefore(series, point.time().minus(retention));
        }
    }

    /** The pipeline's points newer than {@code since} (all kept ones when null), oldest first. */
    List<MetricsPoint> since(String pipelineId, Instant since) {
        Deque<MetricsPoint> series = points.get(pipelineId);
        if (series == null) {
            return List.of();
        }
        synchronized (series) {
            return series.stream().filter((point) -> since == null || point.time().isAfter(since)).toList();
        }
    }

    /** Forgets pipelines whose newest point is past retention (stopped or deleted long ago). */
    void evict(Instant now) {
        Instant oldest = now.minus(retention);
        points.values().forEach((series) -> {
            synchronized (series) {
                dropBefore(series, oldest);
            }
        });
        points.values().removeIf(Deque::isEmpty);
    }

    private static void dropBefore(Deque<MetricsPoint> series, Instant oldest) {
        while (!series.isEmpty() && series.peekFirst().time().isBefore(oldest)) {
            series.removeFirst();
        }
    }
}

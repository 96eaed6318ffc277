package io.sluice.api.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.sluice.api.config.ApiProperties;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.model.control.WorkerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code sluice.status.sample-interval}, reads every replica's report from the status bucket
 * and adds one {@link MetricsPoint} per reported pipeline to the {@link StatusHistory}: the
 * history the UI's charts show. A pipeline nobody reports on (stopped, or its workers down) gets
 * no point, so its chart shows a gap rather than made-up zeros; so does a sample NATS could not
 * answer.
 */
@Component
class StatusSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusSampler.class);

    private final WorkerStatusReader reader;

    private final DeadLetterCounts deadLetters;

    private final StatusHistory history;

    private final Duration interval;

    private final Duration staleAfter;

    private final Clock clock = Clock.systemUTC();

    // Only the sampler thread touches these.
    private final Map<String, RateTracker> trackers = new HashMap<>();

    private ScheduledExecutorService scheduler;

    StatusSampler(WorkerStatusReader reader, DeadLetterCounts deadLetters, ApiProperties properties) {
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.interval = properties.status().sampleInterval();
        this.staleAfter = properties.status().staleAfter();
        this.history = new StatusHistory(properties.status().history());
    }

    StatusHistory history() {
        return history;
    }

    Duration interval() {
        return interval;
    }

    void sample() {
        Instant now = clock.instant();
        List<WorkerStatus> reports;
        try {
            reports = reader.readAll();
        } catch (StatusUnavailableException e) {
            log.debug("No metrics sample at {}: {}", now, e.getMessage());
            return;
        }
        // A component a newer worker names is read as null: no key, no rate, left out like an incomplete report.
        Map<String, List<WorkerStatus>> byPipeline = reports.stream()
                .filter((report) -> report.pipelineId() != null && report.replicaId() != null
                        && report.component() != null && report.heartbeatAt() != null)
                .collect(Collectors.groupingBy(WorkerStatus::pipelineId));
        Map<String, Long> stored = byPipeline.isEmpty() ? Map.of() : deadLetters.stored(byPipeline.keySet());
        for (Map.Entry<String, List<WorkerStatus>> pipeline : byPipeline.entrySet()) {
            RateTracker tracker = trackers.computeIfAbsent(pipeline.getKey(), (id) -> new RateTracker(staleAfter, interval));
            Map<String, RateTracker.Rates> rates = tracker.update(pipeline.getValue(), now);
            history.add(pipeline.getKey(), MetricsPoints.of(now, pipeline.getValue(), rates, now.minus(staleAfter),
                    stored.get(pipeline.getKey())));
        }
        // A pipeline that stopped reporting starts over when it reports again: its old counters
        // tell nothing about the time in between.
        trackers.keySet().retainAll(byPipeline.keySet());
        history.evict(now);
    }

    @Override
    public void start() {
        scheduler = DaemonThreads.scheduled("status-sampler");
        scheduler.scheduleAtFixedRate(() -> {
            try {
                sample();
            } catch (RuntimeException e) {
                // One bad sample must not end the schedule (an exception would cancel it).
                log.warn("Metrics sample failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}

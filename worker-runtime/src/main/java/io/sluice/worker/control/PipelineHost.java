package io.sluice.worker.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sluice.concurrent.DaemonThreads;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.control.WorkerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipelines this replica works on, brought to their desired state. The changes of one pipeline
 * run one after another, in the order they came, so a pipeline is never started and stopped at
 * once; those of different pipelines run side by side on a few threads ({@link #THREADS}), so the
 * drain of one pipeline (up to an idle pull's wait, or a batch in flight) does not hold up the
 * start of another, and a replica with hundreds of pipelines stops them all within its drain
 * timeout rather than one after the other.
 *
 * <p>A pipeline whose work fails to start (ClickHouse down, a table missing) is reported as failed
 * and retried with capped backoff while it is still meant to run, so it recovers without a user.
 */
public final class PipelineHost {

    private static final Logger log = LoggerFactory.getLogger(PipelineHost.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofMinutes(1);
    // Pipelines changed at once. A change mostly waits (a lane ends its pull, a batch is
    // acknowledged, a consumer leaves its group): 16 stop 200 idle pipelines in seconds, where one
    // thread took minutes. Idle threads end, so a replica whose pipelines do not change holds none.
    static final int THREADS = 16;

    private final PipelineWorkFactory factory;
    private final ExecutorService changes;
    private final SerialPerKey perPipeline;
    // Only schedules retries; each runs as a change of its pipeline.
    private final ScheduledExecutorService retries;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public PipelineHost(PipelineWorkFactory factory) {
        this.factory = factory;
        this.changes = DaemonThreads.pool("pipeline-host-" + factory.component().json(), THREADS);
        this.perPipeline = new SerialPerKey(changes);
        this.retries = DaemonThreads.scheduled("pipeline-host-retry-" + factory.component().json());
    }

    /** Applies a pipeline's new control value, or its deletion when {@code control} is null; returns at once. */
    public void onControl(String pipelineId, PipelineControl control) {
        perPipeline.submit(pipelineId, () -> apply(pipelineId, control));
    }

    /** What every hosted pipeline reports; safe from any thread. */
    public List<Report> reports() {
        List<Report> reports = new ArrayList<>();
        entries.forEach((id, entry) -> reports.add(entry.report(id)));
        return reports;
    }

    /** Drains and stops every pipeline, side by side; waits at most {@code timeout}. */
    public void stopAll(Duration timeout) {
        retries.shutdownNow();
        try {
            CompletableFuture<?>[] stops = List.copyOf(entries.keySet()).stream()
                    .map((id) -> perPipeline.submit(id, () -> apply(id, null))).toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(stops).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Pipelines did not all stop within {} ({} left): {}", timeout, entries.size(), e.toString());
        } finally {
            changes.shutdownNow();
        }
    }

    private void apply(String pipelineId, PipelineControl control) {
        Entry entry = entries.get(pipelineId);
        Reconciliation.Hosted hosted = entry == null || entry.work == null ? null : new Reconciliation.Hosted(entry.control, entry.paused);
        Reconciliation.Action action = Reconciliation.decide(hosted, control);
        try {
            switch (action) {
                case NONE -> {
                    if (entry != null && entry.work == null) {
                        // A failed start that is no longer meant to run is forgotten.
                        entries.remove(pipelineId);
                    } else if (entry != null && control != null && control.revision() > entry.control.revision()) {
                        entry.control = control;
                    }
                }
                case START -> start(pipelineId, control, entry == null ? 0 : entry.attempts);
                case PAUSE -> {
                    entry.work.pause();
                    entry.paused = true;
                    entry.control = control;
                    log.info("Paused pipeline {} (revision {})", pipelineId, control.revision());
                }
                case RESUME -> {
                    entry.work.resume();
                    entry.paused = false;
                    entry.control = control;
                    log.info("Resumed pipeline {} (revision {})", pipelineId, control.revision());
                }
                // The entry goes only once the work stopped: status reports come from the
                // entries, and a report that vanished while the work still drains would tell the
                // api-service (and a user about to edit and replay) that it has stopped already.
                case STOP -> {
                    try {
                        entry.work.stop();
                    } finally {
                        entries.remove(pipelineId);
                    }
                    log.info("Stopped pipeline {}", pipelineId);
                }
                case REPLACE -> {
                    try {
                        entry.work.stop();
                    } finally {
                        entries.remove(pipelineId);
                    }
                    start(pipelineId, control, 0);
                }
            }
        } catch (Exception e) {
            log.error("Could not {} pipeline {}: {}", action.name().toLowerCase(), pipelineId, e.getMessage(), e);
            Entry failed = entries.computeIfAbsent(pipelineId, id -> new Entry(control));
            failed.lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private void start(String pipelineId, PipelineControl control, int previousAttempts) throws Exception {
        Entry entry = new Entry(control);
        entry.attempts = previousAttempts;
        entries.put(pipelineId, entry);
        try {
            var work = factory.create(control);
            if (work.isEmpty()) {
                entries.remove(pipelineId);
                return;
            }
            entry.startedAt = Instant.now();
            work.get().start();
            entry.work = work.get();
            entry.attempts = 0;
            log.info("Started pipeline {} (revision {})", pipelineId, control.revision());
        } catch (Exception e) {
            entry.lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            entry.attempts++;
            Duration delay = retryDelay(entry.attempts);
            log.warn("Pipeline {} did not start ({}); retrying in {}", pipelineId, entry.lastError, delay);
            try {
                retries.schedule(() -> perPipeline.submit(pipelineId, () -> retry(pipelineId, control)), delay.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // The replica is stopping: nothing is retried any more.
            }
        }
    }

    private void retry(String pipelineId, PipelineControl control) {
        Entry entry = entries.get(pipelineId);
        // Only the same, still-failed revision is retried; any newer value took over already.
        if (entry != null && entry.work == null && entry.control.revision() == control.revision()) {
            try {
                start(pipelineId, control, entry.attempts);
            } catch (Exception e) {
                log.error("Retry of pipeline {} failed: {}", pipelineId, e.getMessage(), e);
            }
        }
    }

    static Duration retryDelay(int attempts) {
        long millis = FIRST_RETRY.toMillis() << Math.min(attempts - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_RETRY.toMillis()));
    }

    /**
     * A hosted pipeline as the status report sees it.
     *
     * @param warnings what {@link PipelineWork#warnings()} says; empty when the work did not start
     * @param servers what {@link PipelineWork#servers()} says; empty when the work did not start
     * @param startedAt when the work whose counters {@code stats} holds started; null when it did not start
     */
    public record Report(String pipelineId, WorkerState state, WorkStats stats, List<String> warnings,
            Map<String, String> servers, Instant startedAt) {

        public Report {
            warnings = warnings == null ? List.of() : warnings.stream().filter(Objects::nonNull).distinct().toList();
            servers = servers == null ? Map.of() : Map.copyOf(servers);
        }

        /** A report without its start. */
        public Report(String pipelineId, WorkerState state, WorkStats stats, List<String> warnings,
                Map<String, String> servers) {
            this(pipelineId, state, stats, warnings, servers, null);
        }

        /** A report without warnings. */
        public Report(String pipelineId, WorkerState state, WorkStats stats) {
            this(pipelineId, state, stats, List.of(), Map.of());
        }

        /** A report without the servers. */
        public Report(String pipelineId, WorkerState state, WorkStats stats, List<String> warnings) {
            this(pipelineId, state, stats, warnings, Map.of());
        }
    }

    private static final class Entry {
        volatile PipelineControl control;
        volatile PipelineWork work;
        volatile boolean paused;
        volatile String lastError;
        // Taken before the work starts: its counters count nothing before, so a rate from it is never too high.
        volatile Instant startedAt;
        int attempts;

        Entry(PipelineControl control) {
            this.control = control;
        }

        Report report(String pipelineId) {
            PipelineWork current = work;
            if (current == null) {
                return new Report(pipelineId, WorkerState.FAILED, new WorkStats(0, 0, 0, 0, 0, lastError, true));
            }
            WorkStats stats = current.stats();
            WorkerState state = stats.failed() ? WorkerState.FAILED : paused ? WorkerState.PAUSED
                    : current.standingBy() ? WorkerState.STANDBY : WorkerState.RUNNING;
            return new Report(pipelineId, state, stats, warnings(current), servers(current), startedAt);
        }

        private static Map<String, String> servers(PipelineWork work) {
            try {
                return work.servers();
            } catch (RuntimeException e) {
                return Map.of();
            }
        }

        // A stage's check that throws must not cost the heartbeat of every pipeline in this
        // replica (StatusReporter writes them in one go), nor pass for "no warnings".
        private static List<String> warnings(PipelineWork work) {
            try {
                return work.warnings();
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                return List.of("could not tell whether a guarantee is weakened: " + reason);
            }
        }
    }
}

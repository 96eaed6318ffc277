package io.sluice.api.removal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.sluice.api.config.ApiProperties;
import io.sluice.api.secrets.DefinitionSecrets;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.kafka.ConsumerGroupIds;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code sluice.removal.check-interval} while one is pending (else every quiet period:
 * {@link RemovalPace}), checks each pending removal ({@link RemovalCheck})
 * and removes the data of those whose pipeline no worker runs any longer: each source's Kafka
 * consumer group (ingest resumes a partition the stream knows nothing about from the group's
 * committed offset, so a pipeline created again under the id would start where the old one
 * stopped instead of at its initial offset), its dedup keys in Redis (the new pipeline's events
 * would be dropped as duplicates of the old one's), the NATS streams and the stages' keys, then
 * the pending row, which frees the id. The rows are read from PostgreSQL at every check, so removals pending when
 * the api-service stopped are finished by the next one (its quiet period starts afresh).
 */
@Component
class PipelineRemover implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PipelineRemover.class);

    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

    private final PipelineRemovalRepository removals;

    private final PipelineTraces traces;

    private final ConsumerGroups groups;

    private final DedupKeys dedupKeys;

    private final DefinitionSecrets secrets;

    private final TransactionTemplate transaction;

    private final Duration quietPeriod;

    private final Duration checkInterval;

    private final Clock clock = Clock.systemUTC();

    // Only the remover's thread touches these.
    private final Map<String, Instant> quietSince = new HashMap<>();

    private final Map<String, String> lastReason = new HashMap<>();

    // A removal that failed (Kafka unreachable, a group still consumed) is tried again after a
    // delay that doubles up to MAX_RETRY_DELAY, not at every check.
    private final Map<String, Integer> failures = new HashMap<>();

    private final Map<String, Instant> retryAt = new HashMap<>();

    private final Backoff retryBackoff;

    private boolean readFailing;

    private volatile ScheduledExecutorService scheduler;

    // Only the remover's thread touches these two.
    private ScheduledFuture<?> nextCheck;

    private Instant hurriedUntil = Instant.EPOCH;

    PipelineRemover(PipelineRemovalRepository removals, PipelineTraces traces, ConsumerGroups groups,
            DedupKeys dedupKeys, DefinitionSecrets secrets, PlatformTransactionManager transactions,
            ApiProperties properties) {
        this.removals = removals;
        this.traces = traces;
        this.groups = groups;
        this.dedupKeys = dedupKeys;
        this.secrets = secrets;
        this.transaction = new TransactionTemplate(transactions);
        this.quietPeriod = properties.removal().quietPeriod();
        this.checkInterval = properties.removal().checkInterval();
        Duration first = this.checkInterval.multipliedBy(2);
        this.retryBackoff = new Backoff(first, first.compareTo(MAX_RETRY_DELAY) > 0 ? first : MAX_RETRY_DELAY,
                Math::random);
    }

    /**
     * Checks every pending removal once, removing what may go.
     * @return whether a removal is pending (or the pending ones could not be read)
     */
    boolean checkAll() {
        List<String> pending;
        try {
            pending = this.removals.findAll().stream().map(PipelineRemovalEntity::pipelineId).toList();
        } catch (RuntimeException e) {
            // Once per outage of PostgreSQL, not at every check.
            if (!this.readFailing) {
                log.warn("Could not read the pending pipeline removals; trying again: {}", e.toString());
            }
            this.readFailing = true;
            return true;
        }
        this.readFailing = false;
        this.quietSince.keySet().retainAll(pending);
        this.lastReason.keySet().retainAll(pending);
        this.failures.keySet().retainAll(pending);
        this.retryAt.keySet().retainAll(pending);
        // Every pending removal is observed first and then judged at one time, after the last
        // look: those first seen quiet in one check share their quiet period and are removed
        // together (one walk of Redis), and none counts as quiet from before it was looked at.
        Map<String, RemovalCheck.Observation> observed = new LinkedHashMap<>();
        for (String pipelineId : pending) {
            Instant retry = this.retryAt.get(pipelineId);
            if (retry != null && this.clock.instant().isBefore(retry)) {
                continue;
            }
            try {
                observed.put(pipelineId, new RemovalCheck.Observation(this.traces.workersTold(pipelineId),
                        this.traces.reporting(pipelineId)));
            } catch (TracesUnavailableException e) {
                // What NATS showed before the outage tells nothing about now: start the quiet period afresh.
                this.quietSince.remove(pipelineId);
                logOnce(pipelineId, "NATS cannot be read: " + e.getMessage());
            }
        }
        Instant now = this.clock.instant();
        List<String> ready = new ArrayList<>();
        observed.forEach((pipelineId, seen) -> {
            RemovalCheck.Verdict verdict = RemovalCheck.decide(seen, this.quietSince.get(pipelineId), now, this.quietPeriod);
            if (verdict instanceof RemovalCheck.Wait wait) {
                if (wait.quietSince() == null) {
                    this.quietSince.remove(pipelineId);
                } else {
                    this.quietSince.put(pipelineId, wait.quietSince());
                }
                logOnce(pipelineId, wait.reason());
            } else {
                ready.add(pipelineId);
            }
        });
        if (!ready.isEmpty()) {
            removeTogether(ready);
        }
        return !pending.isEmpty();
    }

    /**
     * Removes the data of the pipelines whose removal may go, together: their dedup keys in one walk
     * of Redis's key space (its time grows with every key in Redis, so 200 pipelines deleted at once
     * took 200 walks before), the rest pipeline by pipeline. One transaction holds their rows,
     * locked in id order so that two api-service replicas wait for each other rather than deadlock.
     * A pipeline whose part failed keeps its row and is tried again after its backoff; the others go.
     */
    private void removeTogether(List<String> ready) {
        Map<String, RuntimeException> failed = new HashMap<>();
        List<String> removed = new ArrayList<>();
        try {
            this.transaction.executeWithoutResult((status) -> {
                Map<String, PipelineRemovalEntity> rows = new LinkedHashMap<>();
                List<String> withDedup = new ArrayList<>();
                for (String pipelineId : new TreeSet<>(ready)) {
                    // Locked: another api-service replica removing it too waits, then finds it done.
                    var removal = this.removals.findLockedByPipelineId(pipelineId);
                    if (removal.isEmpty()) {
                        continue;
                    }
                    try {
                        // The groups first: one that still has members means an ingest replica still
                        // consumes (whatever the status bucket shows), and then nothing is removed yet.
                        PipelineDefinition definition = this.secrets.open(PipelineJson.read(removal.get().definition()));
                        for (SourceDefinition source : definition.sources()) {
                            this.groups.delete(source.connection(), ConsumerGroupIds.ingest(pipelineId, source.id()));
                        }
                        rows.put(pipelineId, removal.get());
                        // Only a pipeline with dedup has keys in Redis: an installation without dedup
                        // (and without Redis) never waits for it.
                        if (definition.sources().stream().anyMatch((source) -> source.dedup() != null)) {
                            withDedup.add(pipelineId);
                        }
                    } catch (RuntimeException e) {
                        failed.put(pipelineId, e);
                    }
                }
                if (!withDedup.isEmpty()) {
                    try {
                        Map<String, Long> deleted = this.dedupKeys.delete(withDedup);
                        for (String pipelineId : withDedup) {
                            log.info("Deleted {} dedup key(s) of pipeline {} from Redis", deleted.getOrDefault(pipelineId, 0L),
                                    pipelineId);
                        }
                    } catch (RuntimeException e) {
                        for (String pipelineId : withDedup) {
                            failed.put(pipelineId, e);
                            rows.remove(pipelineId);
                        }
                    }
                }
                rows.forEach((pipelineId, row) -> {
                    try {
                        this.traces.erase(pipelineId);
                        this.removals.delete(row);
                        removed.add(pipelineId);
                    } catch (RuntimeException e) {
                        failed.put(pipelineId, e);
                    }
                });
            });
        } catch (RuntimeException e) {
            // Nothing was committed (PostgreSQL failed): every one of them is tried again.
            removed.clear();
            ready.forEach((pipelineId) -> failed.put(pipelineId, e));
        }
        for (String pipelineId : removed) {
            this.quietSince.remove(pipelineId);
            this.lastReason.remove(pipelineId);
            this.failures.remove(pipelineId);
            this.retryAt.remove(pipelineId);
            log.info("Removed the NATS streams, positions, Kafka consumer groups and dedup keys of deleted"
                    + " pipeline {}: its id is free again", pipelineId);
        }
        failed.forEach((pipelineId, e) -> {
            // The row stays (what was removed already is skipped next time): a later check tries again.
            int failures = this.failures.merge(pipelineId, 1, Integer::sum);
            Duration delay = this.retryBackoff.delay(failures);
            this.retryAt.put(pipelineId, this.clock.instant().plus(delay));
            logOnce(pipelineId, "removing its data failed: " + e.getMessage());
        });
    }

    /** Logs and records what the removal waits for, when that changed. */
    private void logOnce(String pipelineId, String reason) {
        if (reason.equals(this.lastReason.put(pipelineId, reason))) {
            return;
        }
        log.info("Removal of deleted pipeline {}'s data waits: {}", pipelineId, reason);
        try {
            this.removals.recordWaitingFor(pipelineId, reason);
        } catch (RuntimeException e) {
            log.debug("Could not record why the removal of {} waits: {}", pipelineId, e.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = DaemonThreads.scheduled("sluice-pipeline-removal");
        this.scheduler = executor;
        this.nextCheck = executor.schedule(this::checkAndPlan, this.checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A pipeline was just deleted here: check every check interval again for a quiet period, so
     * that its removal, written in a transaction that may not have committed yet, is seen at once.
     */
    void hurry() {
        ScheduledExecutorService executor = this.scheduler;
        if (executor == null) {
            return;
        }
        try {
            // On the remover's one thread, as every planning of the next check.
            executor.execute(() -> {
                this.hurriedUntil = this.clock.instant().plus(this.quietPeriod);
                ScheduledFuture<?> planned = this.nextCheck;
                if (planned != null && planned.getDelay(TimeUnit.MILLISECONDS) > this.checkInterval.toMillis()
                        && planned.cancel(false)) {
                    this.nextCheck = executor.schedule(this::checkAndPlan, this.checkInterval.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            });
        } catch (RejectedExecutionException e) {
            // Stopping: the next api-service finishes the removal.
        }
    }

    // Checks, then plans the next check (RemovalPace).
    private void checkAndPlan() {
        boolean pending = true;
        try {
            pending = checkAll();
        } catch (RuntimeException e) {
            // Never let the only thread die.
            log.error("Checking the pending pipeline removals failed", e);
        }
        Duration next = new RemovalPace(this.checkInterval, this.quietPeriod).next(pending, this.clock.instant(),
                this.hurriedUntil);
        try {
            this.nextCheck = this.scheduler.schedule(this::checkAndPlan, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | NullPointerException e) {
            // Stopped.
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = this.scheduler;
        if (executor != null) {
            executor.shutdownNow();
        }
        this.scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return this.scheduler != null;
    }
}

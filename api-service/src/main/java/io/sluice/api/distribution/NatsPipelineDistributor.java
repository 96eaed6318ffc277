package io.sluice.api.distribution;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.sluice.concurrent.DaemonThreads;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Writes each pipeline's {@link PipelineControl} to the definitions KV bucket.
 *
 * <p>Callers have already committed the change to PostgreSQL, so a NATS failure never fails them:
 * the change is kept as "distribution pending" and a background retry with backoff writes it once
 * NATS answers again. Only the latest change of a pipeline is kept, and writes of one pipeline are
 * serialized, so an older change never overwrites a newer one, neither from the retry nor from a
 * republish that read PostgreSQL before the change (every change gets a sequence number; a
 * republish carries the number current when it started and loses against anything later).
 */
@Component
class NatsPipelineDistributor implements PipelineDistributor, DistributionBacklog, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NatsPipelineDistributor.class);

    private static final int LOCK_STRIPES = 64;

    private final ControlStore store;

    private final Clock clock;

    private final Backoff backoff;

    private final ScheduledExecutorService retries = DaemonThreads.scheduled("sluice-distribution-retry");

    private final AtomicLong sequence = new AtomicLong();

    // The latest change of each pipeline this process accepted, written or not. Entries of removed
    // pipelines stay (they are tiny), so a republish that read PostgreSQL earlier cannot revive one.
    private final ConcurrentMap<String, Change> latest = new ConcurrentHashMap<>();

    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    private final Object[] locks = new Object[LOCK_STRIPES];

    private final AtomicBoolean retryScheduled = new AtomicBoolean();

    private final AtomicInteger failedRetries = new AtomicInteger();

    @Autowired
    NatsPipelineDistributor(ControlStore store) {
        this(store, Clock.systemUTC(), new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30), Math::random));
    }

    NatsPipelineDistributor(ControlStore store, Clock clock, Backoff backoff) {
        this.store = store;
        this.clock = clock;
        this.backoff = backoff;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public void publish(PipelineDefinition definition, DesiredState desiredState, long revision) {
        PipelineControl control = new PipelineControl(definition, desiredState, revision, clock.instant());
        apply(new Change(sequence.incrementAndGet(), definition.id(), control));
    }

    @Override
    public void remove(String pipelineId) {
        apply(new Change(sequence.incrementAndGet(), pipelineId, null));
    }

    @Override
    public boolean isPending(String pipelineId) {
        return pending.contains(pipelineId);
    }

    @Override
    public Set<String> pendingPipelineIds() {
        return Set.copyOf(pending);
    }

    /**
     * Makes the bucket hold exactly what PostgreSQL holds: every pipeline of the catalog is written
     * unless the bucket already has the same value, and every value of a pipeline the catalog does
     * not know is deleted. The bucket is read before the catalog, and each write is conditional on
     * the key not having changed since, so a change made meanwhile (here or by another api-service
     * replica) is never overwritten with older data.
     */
    RepublishReport republish(Supplier<List<DistributablePipeline>> catalog) {
        long snapshot = sequence.get();
        Map<String, StoredControl> stored;
        try {
            stored = store.readAll();
        } catch (ControlBucketUnavailableException e) {
            stored = null;
        }
        List<DistributablePipeline> pipelines = catalog.get();
        RepublishReport report = new RepublishReport();
        Set<String> known = new HashSet<>();
        for (DistributablePipeline pipeline : pipelines) {
            PipelineDefinition definition = pipeline.definitionInClear();
            known.add(definition.id());
            PipelineControl control = new PipelineControl(definition, pipeline.desiredState(), pipeline.revision(),
                    clock.instant());
            Change change = new Change(snapshot, definition.id(), control);
            report.count(stored == null ? apply(change) : applyIfUnchanged(change, stored.get(definition.id())));
        }
        if (stored == null) {
            log.warn("NATS unreachable during the republish: {} pipeline(s) wait for it; values of deleted"
                    + " pipelines are removed at the next republish", pending.size());
            return report;
        }
        for (Map.Entry<String, StoredControl> entry : stored.entrySet()) {
            if (!known.contains(entry.getKey())) {
                report.count(applyIfUnchanged(new Change(snapshot, entry.getKey(), null), entry.getValue()));
            }
        }
        return report;
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }

    private Outcome apply(Change change) {
        synchronized (lockFor(change.pipelineId())) {
            if (!accept(change)) {
                return Outcome.SUPERSEDED;
            }
            try {
                write(change);
                pending.remove(change.pipelineId());
                return Outcome.WRITTEN;
            } catch (ControlBucketUnavailableException e) {
                log.warn("Change of pipeline '{}' is saved but not yet distributed to the workers ({}); retrying in"
                        + " the background", change.pipelineId(), e.getMessage());
                scheduleRetry();
                return Outcome.PENDING;
            } catch (RuntimeException e) {
                // The caller committed to PostgreSQL already: whatever went wrong here, it must not fail.
                log.error("Distributing pipeline '{}' failed unexpectedly; retrying in the background",
                        change.pipelineId(), e);
                scheduleRetry();
                return Outcome.PENDING;
            }
        }
    }

    private Outcome applyIfUnchanged(Change change, StoredControl stored) {
        synchronized (lockFor(change.pipelineId())) {
            if (!accept(change)) {
                return Outcome.SUPERSEDED;
            }
            if (change.control() != null && stored != null && stored.sameAs(change.control())) {
                pending.remove(change.pipelineId());
                return Outcome.UNCHANGED;
            }
            try {
                long revision = stored == null ? 0 : stored.revision();
                boolean written = change.control() == null
                        ? store.deleteIfUnchanged(change.pipelineId(), revision)
                        : store.putIfUnchanged(change.control(), revision);
                // Not written: someone wrote a newer value since the bucket was read, which stands.
                pending.remove(change.pipelineId());
                return written ? (change.control() == null ? Outcome.REMOVED : Outcome.WRITTEN) : Outcome.SUPERSEDED;
            } catch (RuntimeException e) {
                log.debug("Republishing pipeline '{}' deferred: {}", change.pipelineId(), e.toString());
                scheduleRetry();
                return Outcome.PENDING;
            }
        }
    }

    /** Records the change as the pipeline's latest unless a later one is known; caller holds the lock. */
    private boolean accept(Change change) {
        Change current = latest.get(change.pipelineId());
        if (current != null && current.sequence() > change.sequence()) {
            return false;
        }
        latest.put(change.pipelineId(), change);
        pending.add(change.pipelineId());
        return true;
    }

    private void write(Change change) {
        if (change.control() == null) {
            store.delete(change.pipelineId());
        } else {
            store.put(change.control());
        }
    }

    private void scheduleRetry() {
        if (retryScheduled.compareAndSet(false, true)) {
            // Retries count from 1: the first comes after the initial delay.
            Duration delay = backoff.delay(failedRetries.get() + 1);
            retries.schedule(this::retryPending, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retryPending() {
        retryScheduled.set(false);
        List<String> written = new ArrayList<>();
        for (String pipelineId : List.copyOf(pending)) {
            synchronized (lockFor(pipelineId)) {
                if (!pending.contains(pipelineId)) {
                    continue;
                }
                try {
                    write(latest.get(pipelineId));
                    pending.remove(pipelineId);
                    written.add(pipelineId);
                } catch (ControlBucketUnavailableException e) {
                    int failures = failedRetries.incrementAndGet();
                    log.warn("{} pipeline(s) still wait for NATS ({}); next attempt in {}", pending.size(),
                            e.getMessage(), backoff.delay(failures + 1));
                    scheduleRetry();
                    return;
                } catch (RuntimeException e) {
                    // Never let the retry thread die: it is the only one.
                    log.error("Distributing pipeline '{}' failed unexpectedly; retrying", pipelineId, e);
                    failedRetries.incrementAndGet();
                    scheduleRetry();
                    return;
                }
            }
        }
        failedRetries.set(0);
        if (!written.isEmpty()) {
            log.info("Distributed pipeline(s) {} to the workers after NATS came back", written);
        }
    }

    private Object lockFor(String pipelineId) {
        return locks[Math.floorMod(pipelineId.hashCode(), LOCK_STRIPES)];
    }

    /** One change of one pipeline: its new control value, or null when it was removed. */
    private record Change(long sequence, String pipelineId, PipelineControl control) {
    }

    enum Outcome {
        WRITTEN, REMOVED, UNCHANGED, SUPERSEDED, PENDING
    }

    /** What a republish did, for its log line and for tests. */
    static final class RepublishReport {

        private final Map<Outcome, Integer> counts = new ConcurrentHashMap<>();

        void count(Outcome outcome) {
            counts.merge(outcome, 1, Integer::sum);
        }

        int of(Outcome outcome) {
            return counts.getOrDefault(outcome, 0);
        }

        @Override
        public String toString() {
            return of(Outcome.WRITTEN) + " written, " + of(Outcome.UNCHANGED) + " unchanged, " + of(Outcome.REMOVED)
                    + " removed, " + of(Outcome.SUPERSEDED) + " changed meanwhile, " + of(Outcome.PENDING)
                    + " waiting for NATS";
        }
    }
}

package io.sluice.worker.lane;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.sluice.concurrent.DaemonThreads;

/**
 * Shares one pipeline's lanes of a stage (dedup, join) among the stage's replicas running it: every
 * tick it announces this replica, finds the lanes, decides with {@link LaneAssignment} which to
 * take or release, takes lanes by compare-and-set and runs each taken lane on a thread of its own
 * ({@link LaneRunner}). The ticks run on a scheduler the stage shares among its pipelines
 * ({@link #TICK_THREADS} threads), so that a replica running hundreds of pipelines does not hold a
 * ticking thread for each.
 */
public final class LaneCoordinator {

    private static final Logger log = LoggerFactory.getLogger(LaneCoordinator.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REDISCOVERY = Duration.ofSeconds(30);
    /**
     * Of the scheduler a stage's pipelines share ({@link #sharedTicks}). A tick is a few KV round
     * trips; several threads keep one pipeline's slow look (a NATS request timing out) from holding
     * back every other pipeline's, and with them the process heartbeat its ticks write.
     */
    public static final int TICK_THREADS = 4;

    /**
     * @param stage the stage's name in thread names and log messages ({@code dedup}, {@code join})
     * @param lease how long a lane stays with a replica that stopped renewing it, and how long a
     *              replica counts as alive after its last heartbeat; ticks come four times per lease
     */
    public record Settings(String stage, String pipelineId, String replica, Duration lease) {
    }

    private final Settings settings;
    private final LaneStore store;
    private final LaneDiscovery discovery;
    private final LaneRunners lanes;
    private final Clock clock;
    private final ScheduledExecutorService ticks;
    private final Map<String, Running> running = new LinkedHashMap<>();
    // How many lanes the pipeline had at the last tick.
    private int lanesKnown;
    private ScheduledFuture<?> ticking;
    private volatile String lastError;
    private List<Lane> knownLanes = List.of();
    private long discoveredAt;
    private long lanesChangedAt;

    private record Running(LaneRunner lane, Thread thread) {
    }

    /**
     * @param ticks where the ticks run: {@link #sharedTicks} of the stage, shared by its
     *              pipelines' coordinators; this coordinator cancels only its own
     */
    public LaneCoordinator(Settings settings, LaneStore store, LaneDiscovery discovery,
            LaneRunners lanes, Clock clock, ScheduledExecutorService ticks) {
        this.settings = settings;
        this.store = store;
        this.discovery = discovery;
        this.lanes = lanes;
        this.clock = clock;
        this.ticks = ticks;
    }

    /** The scheduler for the ticks of every pipeline of {@code stage} in this process: made once per stage. */
    public static ScheduledExecutorService sharedTicks(String stage) {
        return DaemonThreads.scheduled(stage + "-lanes", TICK_THREADS);
    }

    public synchronized void start() {
        ticking = ticks.scheduleWithFixedDelay(this::tick, 0, Math.max(50, settings.lease().toMillis() / 4),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Takes no more lanes, lets every lane finish its batches in flight, record its progress and
     * free itself, then leaves; returns when done. The other replicas take the lanes over at once.
     */
    public void stop() throws InterruptedException {
        List<Running> all;
        // A tick holds this monitor while it runs, so once inside no tick is running, and a tick
        // that comes after finds ticking gone and does nothing.
        synchronized (this) {
            if (ticking == null) {
                return;
            }
            ticking.cancel(false);
            ticking = null;
            all = List.copyOf(running.values());
            running.clear();
        }
        all.forEach(r -> r.lane().release());
        for (Running r : all) {
            r.thread().join(DRAIN_TIMEOUT.toMillis());
            if (r.thread().isAlive()) {
                r.thread().interrupt();
                r.thread().join();
            }
        }
        try {
            store.leave(settings.pipelineId(), settings.replica());
        } catch (Exception e) {
            log.debug("Leaving the {} replicas of {} failed: {}", settings.stage(), settings.pipelineId(), e.toString());
        }
    }

    /** Input batches waiting in the lanes this replica serves. */
    public synchronized long pending() {
        return running.values().stream().mapToLong(r -> r.lane().pending()).sum();
    }

    /** The lanes this replica serves, by key. */
    public synchronized List<String> servedLanes() {
        return running.values().stream().filter(r -> !r.lane().ended()).map(r -> r.lane().lane().key()).sorted().toList();
    }

    /**
     * Whether the pipeline has lanes and other replicas serve all of them: this replica stands
     * ready to take some over (status {@code standby}).
     */
    public synchronized boolean standingBy() {
        return lanesKnown > 0 && running.values().stream().allMatch(r -> r.lane().ended());
    }

    public synchronized String lastError() {
        for (Running r : running.values()) {
            if (r.lane().lastError() != null) {
                return r.lane().lastError();
            }
        }
        return lastError;
    }

    synchronized void tick() {
        if (ticking == null) {
            return;
        }
        try {
            long now = clock.millis();
            store.heartbeat(settings.pipelineId(), settings.replica(), now);
            running.values().removeIf(r -> r.lane().ended());
            Map<String, Lane> byKey = new HashMap<>();
            Map<String, LaneStore.Versioned> records = new HashMap<>();
            Map<String, LaneProgress> progress = new HashMap<>();
            for (Lane lane : lanes(now)) {
                byKey.put(lane.key(), lane);
                if (running.containsKey(lane.key())) {
                    // Its runner keeps its record; the decision looks only at which lanes run here.
                    progress.put(lane.key(), LaneProgress.START);
                    continue;
                }
                LaneStore.Versioned record = store.read(lane.key());
                records.put(lane.key(), record);
                progress.put(lane.key(), record.progress());
            }
            lanesKnown = byKey.size();
            LaneAssignment.Decision decision = LaneAssignment.decide(settings.replica(), running.keySet(), progress,
                    store.heartbeats(settings.pipelineId()), now - settings.lease().toMillis(), now);
            for (String key : decision.release()) {
                log.info("Releasing {} lane {} to another replica", settings.stage(), key);
                running.get(key).lane().release();
            }
            for (String key : decision.take()) {
                take(byKey.get(key), records.get(key), now);
            }
            lastError = null;
        } catch (Exception e) {
            // NATS unavailable: lanes keep running on their leases; the next tick tries again.
            lastError = e.getMessage();
            log.warn("Sharing the {} lanes of {} failed: {}", settings.stage(), settings.pipelineId(), e.toString());
        }
    }

    // The lanes of the pipeline, asked of the stream at every tick while they are still appearing
    // (none yet, or a new one within REDISCOVERY), then every REDISCOVERY: a lane appears with a
    // partition's first batch and partitions are rarely added, while each look costs NATS a
    // request per pipeline and tick. A partition first written to later waits at most that long.
    private List<Lane> lanes(long now) throws Exception {
        if (knownLanes.isEmpty() || now - lanesChangedAt < REDISCOVERY.toMillis()
                || now - discoveredAt >= REDISCOVERY.toMillis()) {
            List<Lane> found = discovery.lanes();
            if (!found.equals(knownLanes)) {
                lanesChangedAt = now;
            }
            knownLanes = found;
            discoveredAt = now;
        }
        return knownLanes;
    }

    private void take(Lane lane, LaneStore.Versioned record, long now) throws Exception {
        LaneProgress taken = new LaneProgress(record.progress().processedSeq(), settings.replica(),
                now + settings.lease().toMillis());
        long revision = store.compareAndSet(lane.key(), record.revision(), taken);
        if (revision == LaneStore.LOST) {
            return;
        }
        log.info("Serving {} lane {} from stream sequence {}", settings.stage(), lane.key(), taken.processedSeq() + 1);
        LaneRunner runner = lanes.runner(lane, new LaneStore.Versioned(taken, revision));
        running.put(lane.key(), new Running(runner, DaemonThreads.start(settings.stage() + "-" + lane.key(), runner)));
    }
}

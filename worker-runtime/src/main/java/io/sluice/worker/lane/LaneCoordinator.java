package io.sluice.worker.lane;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares one pipeline's lanes of a stage (dedup, join) among the stage's replicas running it: every
 * tick it announces this replica, finds the lanes (asking the stream only when {@link DiscoveryPace}
 * says, as the pipeline's {@link LaneBell} rings), decides with {@link LaneAssignment} which to
 * take or release, takes lanes by compare-and-set and runs each taken lane ({@link LaneRunner}).
 * The ticks and the lanes run on threads the stage shares among its pipelines ({@link LaneThreads}),
 * so that a replica running hundreds of pipelines holds a thread for neither an idle pipeline's
 * ticks nor its idle lanes.
 */
public final class LaneCoordinator {

    private static final Logger log = LoggerFactory.getLogger(LaneCoordinator.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
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
    private final LaneThreads threads;
    private final LaneBell bell;
    private final DiscoveryPace pace;
    private final Runnable ringing = this::ring;
    private volatile boolean rung;
    private Subscription bellListener;
    private long startedAt;
    private final Map<String, LaneRunner> running = new LinkedHashMap<>();
    // How many lanes the pipeline had at the last tick.
    private int lanesKnown;
    // Stops the ticks; null once stopped.
    private Runnable ticking;
    private volatile String lastError;
    private List<Lane> knownLanes = List.of();
    private long discoveredAt = -1;
    private long lanesChangedAt;

    /**
     * @param threads where the ticks and the lanes run: the stage's, shared by its pipelines'
     *                coordinators; this coordinator cancels only its own ticks
     * @param bell    the pipeline's lane bell: this coordinator looks for new lanes when it rings,
     *                and its lanes ring it when their first batch is done (a stage after may read
     *                their outputs as lanes)
     */
    public LaneCoordinator(Settings settings, LaneStore store, LaneDiscovery discovery,
            LaneRunners lanes, Clock clock, LaneThreads threads, LaneBell bell) {
        this(settings, store, discovery, lanes, clock, threads, bell, DiscoveryPace.STANDARD);
    }

    LaneCoordinator(Settings settings, LaneStore store, LaneDiscovery discovery,
            LaneRunners lanes, Clock clock, LaneThreads threads, LaneBell bell, DiscoveryPace pace) {
        this.settings = settings;
        this.store = store;
        this.discovery = discovery;
        this.lanes = lanes;
        this.clock = clock;
        this.threads = threads;
        this.bell = bell;
        this.pace = pace;
    }

    public synchronized void start() {
        startedAt = clock.millis();
        // Before the first look: a lane appearing after it rings. A reconnect may have lost a ring.
        bellListener = threads.doorbells().subscribe(bell.subject(), message -> ring());
        threads.reconnects().add(ringing);
        ticking = threads.everyTick(Duration.ofMillis(Math.max(50, settings.lease().toMillis() / 4)), this::tick);
    }

    // The next tick looks for lanes.
    private void ring() {
        rung = true;
    }

    /**
     * Takes no more lanes, lets every lane finish its batches in flight, record its progress and
     * free itself, then leaves; returns when done. The other replicas take the lanes over at once.
     */
    public void stop() throws InterruptedException {
        List<LaneRunner> all;
        // A tick holds this monitor while it runs, so once inside no tick is running, and a tick
        // that comes after finds ticking gone and does nothing.
        synchronized (this) {
            if (ticking == null) {
                return;
            }
            ticking.run();
            ticking = null;
            threads.reconnects().remove(ringing);
            try {
                threads.doorbells().unsubscribe(bellListener);
            } catch (RuntimeException e) {
                // The dispatcher or the connection is closed: nothing rings any more.
            }
            all = List.copyOf(running.values());
            running.clear();
        }
        all.forEach(LaneRunner::release);
        for (LaneRunner lane : all) {
            lane.awaitEnd(DRAIN_TIMEOUT);
        }
        try {
            store.leave(settings.pipelineId(), settings.replica());
        } catch (Exception e) {
            log.debug("Leaving the {} replicas of {} failed: {}", settings.stage(), settings.pipelineId(), e.toString());
        }
    }

    /** Input batches waiting in the lanes this replica serves. */
    public synchronized long pending() {
        return running.values().stream().mapToLong(LaneRunner::pending).sum();
    }

    /** The lanes this replica serves, by key. */
    public synchronized List<String> servedLanes() {
        return running.values().stream().filter(r -> !r.ended()).map(r -> r.lane().key()).sorted().toList();
    }

    /**
     * Whether the pipeline has lanes and other replicas serve all of them: this replica stands
     * ready to take some over (status {@code standby}).
     */
    public synchronized boolean standingBy() {
        return lanesKnown > 0 && running.values().stream().allMatch(LaneRunner::ended);
    }

    public synchronized String lastError() {
        for (LaneRunner r : running.values()) {
            if (r.lastError() != null) {
                return r.lastError();
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
            running.values().removeIf(LaneRunner::ended);
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
                running.get(key).release();
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

    // The lanes of the pipeline, asked of the stream when DiscoveryPace says: a lane appears with
    // a partition's first batch, which rings the bell, and partitions are rarely added, while each
    // look costs NATS a request.
    private List<Lane> lanes(long now) throws Exception {
        // Cleared before the look: a ring while it is under way is looked at by the next tick.
        boolean wasRung = rung;
        rung = false;
        if (pace.due(now, wasRung, knownLanes.isEmpty(), startedAt, discoveredAt, lanesChangedAt)) {
            List<Lane> found;
            try {
                found = discovery.lanes();
            } catch (Exception e) {
                rung |= wasRung;
                throw e;
            }
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
        LaneRunner runner = lanes.runner(lane, new LaneStore.Versioned(taken, revision), threads, bell);
        running.put(lane.key(), runner);
        runner.start();
    }
}

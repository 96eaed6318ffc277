package io.sluice.join.output;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.sluice.concurrent.DaemonThreads;
import io.sluice.join.state.RedisJoinStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the shards of one pipeline's join state that this replica holds: ends the windows that
 * are due ({@link RedisJoinStore#expire}) and publishes the outbox ({@link ShardPublisher}). The
 * replicas share the shards through leases in Redis: each holds at most its share
 * ({@code ceil(shards / live replicas)}), gives up what is beyond it when another replica joins,
 * and takes free shards (never held, given up, or whose holder's lease ran out). Exactly-once does
 * not rest on the leases (each expiry is one atomic script, each publish names the subject
 * sequence it follows); they only keep replicas from doing the same work.
 */
public final class ShardWorker {

    private static final Logger log = LoggerFactory.getLogger(ShardWorker.class);
    private static final Duration IDLE = Duration.ofMillis(100);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);
    private static final int EXPIRE_BATCH = 1_000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param lease how long a shard stays this replica's without renewal, and how long a silent
     *              replica counts as alive
     */
    public record Settings(String pipelineId, String replica, int shards, Duration lease) {
    }

    private final Settings settings;
    private final RedisJoinStore store;
    private final IntFunction<ShardPublisher> publishers;
    private final Consumer<ShardPublisher.Published> onPublished;
    private final Map<Integer, ShardPublisher> held = new HashMap<>();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile String lastError;

    public ShardWorker(Settings settings, RedisJoinStore store, IntFunction<ShardPublisher> publishers,
            Consumer<ShardPublisher.Published> onPublished) {
        this.settings = settings;
        this.store = store;
        this.publishers = publishers;
        this.onPublished = onPublished;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = DaemonThreads.start("join-shards-" + settings.pipelineId(), this::run);
    }

    /** Stops after the current step, gives up the held shards and leaves the replicas. */
    public synchronized void stop() throws InterruptedException {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.join();
            thread = null;
        }
        for (Integer shard : new ArrayList<>(held.keySet())) {
            try {
                store.lease(shard, settings.replica(), settings.lease(), false, false).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("Giving up shard {} of {} failed (its lease runs out): {}", shard, settings.pipelineId(), e.toString());
            }
        }
        held.clear();
        try {
            store.leave(settings.replica()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Leaving the join replicas of {} failed: {}", settings.pipelineId(), e.toString());
        }
    }

    public String lastError() {
        return lastError;
    }

    /** The shards this replica publishes now. */
    public synchronized List<Integer> heldShards() {
        return List.copyOf(new TreeSet<>(held.keySet()));
    }

    private void run() {
        while (running) {
            try {
                boolean busy = step();
                lastError = null;
                if (!busy) {
                    Thread.sleep(IDLE.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                lastError = e.getMessage() != null ? e.getMessage() : e.toString();
                log.warn("Join shards of {}: {}", settings.pipelineId(), lastError);
                sleepQuietly(FAILURE_PAUSE);
            }
        }
    }

    /** One round: leases, then expiry and publishing of each held shard. Whether there was work. */
    private boolean step() throws Exception {
        long live = Math.max(1, store.heartbeat(settings.replica(), settings.lease()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        int share = (int) Math.ceil(settings.shards() / (double) live);
        shareShards(share);
        boolean busy = false;
        for (Map.Entry<Integer, ShardPublisher> shard : heldSnapshot().entrySet()) {
            long expired;
            do {
                expired = store.expire(shard.getKey(), EXPIRE_BATCH).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } while (expired == EXPIRE_BATCH && running);
            ShardPublisher.Published published = shard.getValue().publishOnce();
            if (published.entries() > 0) {
                onPublished.accept(published);
                busy = true;
            }
        }
        return busy;
    }

    private void shareShards(int share) throws Exception {
        int kept = 0;
        // Start at a place of our own, so replicas reach for different free shards first.
        int start = Math.floorMod(settings.replica().hashCode(), settings.shards());
        for (int i = 0; i < settings.shards(); i++) {
            int shard = (start + i) % settings.shards();
            boolean holds;
            synchronized (this) {
                holds = held.containsKey(shard);
            }
            boolean keep = kept < share;
            boolean holdsNow = store.lease(shard, settings.replica(), settings.lease(), keep, keep)
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                if (holdsNow) {
                    kept++;
                    if (!holds) {
                        log.info("Publishing join shard {} of {}", shard, settings.pipelineId());
                        held.put(shard, publishers.apply(shard));
                    }
                } else if (holds) {
                    log.info("Join shard {} of {} goes to another replica", shard, settings.pipelineId());
                    held.remove(shard);
                }
            }
        }
    }

    private synchronized Map<Integer, ShardPublisher> heldSnapshot() {
        return new HashMap<>(held);
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

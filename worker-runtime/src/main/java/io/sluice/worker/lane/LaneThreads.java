package io.sluice.worker.lane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.nats.StoredMessages;
import io.sluice.worker.nats.ReconnectRings;

/**
 * What every pipeline of a stage (dedup, join, sink) shares in one process, so that its threads grow
 * with the lanes that work, not with the pipelines it runs:
 * <ul>
 * <li>{@link #TICK_THREADS} threads for the coordinators' ticks and the parked lanes' timers;</li>
 * <li>a pool whose threads run the lanes that have work, and end after 30 s without any;</li>
 * <li>one NATS dispatcher whose subscriptions to parked lanes' subjects ring the lane awake when
 * a batch is published there ({@link LaneParking}).</li>
 * </ul>
 * Until 2026-12-07 each lane ran on a thread of its own for as long as the replica held it, idle or
 * not: 200 threads in a dedup running 200 idle pipelines. The sink's lanes park the same way.
 *
 * <p>A doorbell is core NATS, which delivers at most once: a message published while the
 * connection was down rings nothing, so a reconnect rings every doorbell.
 */
public final class LaneThreads {

    /**
     * Threads for ticks and timers. A tick is a few KV round trips; several threads keep one
     * pipeline's slow look (a NATS request timing out) from holding back every other pipeline's,
     * and with them the process heartbeat its ticks write.
     */
    public static final int TICK_THREADS = 4;

    private final String stage;
    private final Connection connection;
    private final ScheduledExecutorService ticks;
    private final ExecutorService lanes;
    private final Dispatcher doorbells;
    private final ReconnectRings reconnects;
    private final Duration lookEvery;
    // The ticks of each period, by period in milliseconds; changed only under its own lock.
    private final Map<Long, Set<Ticker>> tickers = new HashMap<>();
    private final JetStreamManagement management;

    /** @param stage the stage's name in thread names ({@code dedup}, {@code join}, {@code sink}) */
    public LaneThreads(String stage, Connection connection) {
        this(stage, connection, LaneParking.LOOK_EVERY);
    }

    /** @param lookEvery how often a parked lane looks at its stream though nothing rang (tests: shorter) */
    LaneThreads(String stage, Connection connection, Duration lookEvery) {
        this.stage = stage;
        this.connection = connection;
        this.lookEvery = lookEvery;
        try {
            this.management = connection.jetStreamManagement();
        } catch (IOException e) {
            // Only a client with JetStream turned off refuses; every stage needs it.
            throw new UncheckedIOException(e);
        }
        this.ticks = DaemonThreads.scheduled(stage + "-lanes", TICK_THREADS);
        this.lanes = DaemonThreads.cached(stage + "-lane");
        this.doorbells = connection.createDispatcher();
        this.reconnects = new ReconnectRings(connection);
    }

    /** The thread name of a lane while it runs: the stage and the lane's key. */
    public String threadName(String laneKey) {
        return stage + "-" + laneKey;
    }

    Connection connection() {
        return connection;
    }

    Duration lookEvery() {
        return lookEvery;
    }

    /**
     * The stream sequence of the last message stored on {@code subject} (a wildcard too), 0 if the
     * stream holds none there: one request, served by any server holding the stream where it
     * allows direct gets, and no consumer.
     */
    long lastStored(String stream, String subject) throws IOException, JetStreamApiException {
        return StoredMessages.last(management, stream, subject).map(MessageInfo::getSeq).orElse(0L);
    }

    /**
     * Runs {@code tick} now and then every {@code period} on the tick threads, together with every
     * other tick of the same period: one timer per period hands them all to the threads at once,
     * which run them back to back. Until 2026-12-07 each coordinator had a timer of its own: at
     * 200 idle pipelines ticking every 2.5 s the tick threads were woken 80 times a second, and a
     * flight recording of idle dedup found their CPU in those wake-ups, not in the ticks' code.
     * A tick still queued or running when the next is due is not queued again.
     *
     * @return stops the ticks (one under way finishes)
     */
    Runnable everyTick(Duration period, Runnable tick) {
        long periodMillis = Math.max(1, period.toMillis());
        Ticker ticker = new Ticker(tick);
        Set<Ticker> group = tickersEvery(periodMillis);
        group.add(ticker);
        ticker.queue();
        return () -> {
            ticker.stopped = true;
            group.remove(ticker);
        };
    }

    /** The ticks of one period, and the period's timer, started with its first tick. */
    private Set<Ticker> tickersEvery(long periodMillis) {
        synchronized (tickers) {
            Set<Ticker> group = tickers.get(periodMillis);
            if (group == null) {
                Set<Ticker> created = ConcurrentHashMap.newKeySet();
                // The timer holds its own group: it never reads the map, which another period may change.
                ticks.scheduleWithFixedDelay(() -> created.forEach(Ticker::queue), periodMillis, periodMillis,
                        TimeUnit.MILLISECONDS);
                tickers.put(periodMillis, created);
                group = created;
            }
            return group;
        }
    }

    /** One ticking task: queued at most once at a time. */
    private final class Ticker implements Runnable {

        private final Runnable tick;
        private final AtomicBoolean queued = new AtomicBoolean();
        // A tick queued before the stop does not run after it.
        private volatile boolean stopped;

        Ticker(Runnable tick) {
            this.tick = tick;
        }

        void queue() {
            if (queued.compareAndSet(false, true)) {
                try {
                    ticks.execute(this);
                } catch (RejectedExecutionException e) {
                    queued.set(false);
                }
            }
        }

        @Override
        public void run() {
            try {
                if (!stopped) {
                    tick.run();
                }
            } finally {
                queued.set(false);
            }
        }
    }

    ScheduledExecutorService ticks() {
        return ticks;
    }

    Dispatcher doorbells() {
        return doorbells;
    }

    /** Runs a lane's loop on a thread of the pool, named {@code name} while it runs there. */
    void run(String name, Runnable loop) {
        lanes.execute(() -> {
            Thread thread = Thread.currentThread();
            String pooled = thread.getName();
            thread.setName(name);
            try {
                loop.run();
            } finally {
                thread.setName(pooled);
            }
        });
    }

    /** Rings the parked lanes' doorbells when the connection comes back. */
    ReconnectRings reconnects() {
        return reconnects;
    }
}

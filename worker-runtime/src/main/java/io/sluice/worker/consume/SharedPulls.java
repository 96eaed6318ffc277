package io.sluice.worker.consume;

import java.util.concurrent.ScheduledExecutorService;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.worker.nats.ReconnectRings;

/**
 * What every {@link DurableConsumerLoop} of a process shares, so that its threads do not grow
 * with the pipelines it runs: two threads that pull (a loop pulls only when there is something
 * to take, and only briefly), and one NATS dispatcher whose subscriptions to the loops' subjects
 * ring a loop's doorbell when a message is published there. Until 2026-12-07 each loop had a
 * thread of its own, waiting in a 30 s pull: 200 threads in an ingest running 200 pipelines.
 * A reconnect rings every loop's doorbell: core NATS delivers nothing published while it was down.
 */
public final class SharedPulls implements AutoCloseable {

    private static final int THREADS = 2;

    private final Connection connection;

    private final ScheduledExecutorService executor = DaemonThreads.scheduled("durable-pulls", THREADS);

    private final Dispatcher doorbells;

    private final ReconnectRings reconnects;

    public SharedPulls(Connection connection) {
        this.connection = connection;
        this.doorbells = connection.createDispatcher();
        this.reconnects = new ReconnectRings(connection);
    }

    Connection connection() {
        return connection;
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    Dispatcher doorbells() {
        return doorbells;
    }

    /** Rings the loops that wait on a doorbell when the connection comes back. */
    ReconnectRings reconnects() {
        return reconnects;
    }

    @Override
    public void close() {
        reconnects.close();
        executor.shutdownNow();
        connection.closeDispatcher(doorbells);
    }
}

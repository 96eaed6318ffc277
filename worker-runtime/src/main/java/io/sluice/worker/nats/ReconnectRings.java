package io.sluice.worker.nats;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;

/**
 * Doorbells to ring when a NATS connection comes back. A doorbell is a core NATS subscription,
 * which delivers at most once: what was published to its subject while the connection was down
 * rings nothing. So whoever waits on one (a parked lane, an idle replay consumer) is rung on every
 * reconnect as if something had come, and looks for itself.
 */
public final class ReconnectRings implements AutoCloseable {

    private final Connection connection;

    private final Set<Runnable> rings = ConcurrentHashMap.newKeySet();

    private final ConnectionListener reconnects = (conn, event) -> {
        if (event == ConnectionListener.Events.RECONNECTED || event == ConnectionListener.Events.RESUBSCRIBED) {
            rings.forEach(Runnable::run);
        }
    };

    public ReconnectRings(Connection connection) {
        this.connection = connection;
        connection.addConnectionListener(reconnects);
    }

    /** {@code ring} runs on every reconnect until {@link #remove}; pass the same instance to both. */
    public void add(Runnable ring) {
        rings.add(ring);
    }

    public void remove(Runnable ring) {
        rings.remove(ring);
    }

    /** Rings nothing any more. */
    @Override
    public void close() {
        connection.removeConnectionListener(reconnects);
        rings.clear();
    }
}

package io.sluice.nats;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.nats.client.Connection;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health {@code nats} of every service: DOWN while the connection is not established (a worker can
 * neither read work nor pass it on; the api-service cannot distribute), with the connection's state
 * and the server it is connected to. A service may require more (the api-service: its KV buckets
 * exist) and add details.
 */
public final class NatsHealthIndicator extends AbstractHealthIndicator {

    private final Connection connection;

    private final BooleanSupplier ready;

    private final Supplier<Map<String, ?>> details;

    /** UP exactly while connected. */
    public NatsHealthIndicator(Connection connection) {
        this(connection, () -> true, Map::of);
    }

    /**
     * UP while connected and {@code ready} holds.
     * @param ready   asked only while connected
     * @param details added to the connection's, at every check
     */
    public NatsHealthIndicator(Connection connection, BooleanSupplier ready, Supplier<Map<String, ?>> details) {
        this.connection = connection;
        this.ready = ready;
        this.details = details;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Connection.Status status = connection.getStatus();
        builder.withDetail("connection", status.name())
                .withDetail("server", NatsProperties.redacted(connection.getConnectedUrl()))
                .withDetails(details.get());
        if (status == Connection.Status.CONNECTED && ready.getAsBoolean()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}

package io.sluice.worker.nats;

import io.nats.client.Connection;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** DOWN while the NATS connection is not established: the worker can neither read work nor pass it on. */
public final class NatsHealthIndicator extends AbstractHealthIndicator {

    private final Connection connection;

    public NatsHealthIndicator(Connection connection) {
        this.connection = connection;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Connection.Status status = connection.getStatus();
        builder.withDetail("status", status.name()).withDetail("server", String.valueOf(connection.getConnectedUrl()));
        if (status == Connection.Status.CONNECTED) {
            builder.up();
        } else {
            builder.down();
        }
    }
}

package io.sluice.api.distribution;

import io.nats.client.Connection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health {@code nats}: UP when NATS is connected and both KV buckets exist. */
@Component("natsHealthIndicator")
class NatsHealthIndicator implements HealthIndicator {

    private final Connection connection;

    private final ControlBuckets buckets;

    private final DistributionBacklog backlog;

    NatsHealthIndicator(Connection connection, ControlBuckets buckets, DistributionBacklog backlog) {
        this.connection = connection;
        this.buckets = buckets;
        this.backlog = backlog;
    }

    @Override
    public Health health() {
        Health.Builder health = buckets.available() ? Health.up() : Health.down();
        return health
                .withDetail("connection", connection.getStatus().name())
                .withDetail("definitionsBucket", buckets.definitionsBucket())
                .withDetail("statusBucket", buckets.statusBucket())
                .withDetail("distributionPending", backlog.pendingPipelineIds().size())
                .build();
    }
}

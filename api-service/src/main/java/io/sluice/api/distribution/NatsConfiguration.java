package io.sluice.api.distribution;

import java.time.Duration;
import java.util.Map;

import io.nats.client.Connection;
import io.sluice.api.config.ApiProperties;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.NatsConnections;
import io.sluice.nats.NatsHealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NatsConfiguration {

    private static final Duration FIRST_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    NatsNames natsNames(ApiProperties properties) {
        return properties.nats().names();
    }

    @Bean
    NatsReplicas natsReplicas(ApiProperties properties) {
        return properties.nats().replicaCount();
    }

    /**
     * The one NATS connection of the api-service. It reconnects forever, and the service starts even
     * while NATS is down: changes then wait as "distribution pending" until it is back.
     */
    @Bean(destroyMethod = "close")
    Connection natsConnection(ApiProperties properties, ApplicationEventPublisher events)
            throws InterruptedException {
        return NatsConnections.connectInBackground(properties.nats(), "sluice-api-service",
                new NatsConnectionListener(events), FIRST_ATTEMPT_TIMEOUT);
    }

    /** Health {@code nats}: UP when NATS is connected and both KV buckets exist. */
    @Bean
    NatsHealthIndicator natsHealthIndicator(Connection connection, ControlBuckets buckets, DistributionBacklog backlog) {
        return health(connection, buckets, backlog);
    }

    static NatsHealthIndicator health(Connection connection, ControlBuckets buckets, DistributionBacklog backlog) {
        return new NatsHealthIndicator(connection, buckets::available, () -> Map.of(
                "definitionsBucket", buckets.definitionsBucket(),
                "statusBucket", buckets.statusBucket(),
                "distributionPending", backlog.pendingPipelineIds().size()));
    }
}

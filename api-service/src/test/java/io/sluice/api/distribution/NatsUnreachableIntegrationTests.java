package io.sluice.api.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.nats.client.Connection;
import io.sluice.api.config.ApiProperties;
import io.sluice.model.control.DesiredState;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.NatsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * With NATS unreachable (a port nothing listens on) the api-service still starts, a change neither
 * fails nor waits for a time-out, and health says DOWN. The retry once NATS is back is covered by
 * {@link NatsPipelineDistributorTests}; the real server is never stopped here.
 */
class NatsUnreachableIntegrationTests {

    private final ApiProperties properties = new ApiProperties(NatsProperties.of("nats://127.0.0.1:1", "", 1),
            new ApiProperties.Security(null, null, "admin", null), new ApiProperties.Status(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofHours(1)),
            new ApiProperties.Connections(Duration.ofSeconds(10), java.util.List.of()),
            new ApiProperties.DeadLetters(null, null),
            new ApiProperties.Removal(Duration.ofSeconds(15), Duration.ofSeconds(1)),
            new ApiProperties.Dedup("redis://127.0.0.1:6379", "sluice:", Duration.ofSeconds(5), false),
            new ApiProperties.Worker(Duration.ofDays(7), 0, Duration.ofMinutes(10), 10_000, 100_000));

    private Connection connection;

    private NatsPipelineDistributor distributor;

    @AfterEach
    void close() throws InterruptedException {
        if (distributor != null) {
            distributor.destroy();
        }
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void startsWithoutNatsAndKeepsChangesPendingWithoutWaiting() throws Exception {
        long start = System.nanoTime();
        connection = new NatsConfiguration().natsConnection(properties, event -> { });
        ControlBuckets buckets = new ControlBuckets(connection, NatsNames.standard(), NatsReplicas.ONE, event -> { });
        distributor = new NatsPipelineDistributor(new NatsControlStore(buckets));

        distributor.publish(TestPipelines.definition("orders"), DesiredState.RUNNING, 1);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(connection.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
        assertThat(distributor.pendingPipelineIds()).containsExactly("orders");
        assertThat(NatsConfiguration.health(connection, buckets, distributor).health().getStatus())
                .isEqualTo(Status.DOWN);
    }
}

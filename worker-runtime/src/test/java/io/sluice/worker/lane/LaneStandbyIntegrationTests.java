package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;

/**
 * A replica whose pipeline has lanes, all served by other replicas, says it stands by (status
 * {@code standby}); it no longer does once it serves one. Before any lane exists it does not.
 */
@RealServers(RealServer.NATS)
class LaneStandbyIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(10);

    @Test
    void theReplicaServingNoLaneOfThePipelineStandsByUntilItTakesOneOver(LocalEndpoints endpoints, TestNamespace namespace)
            throws Exception {
        try (Connection nats = Nats.connect(endpoints.natsUrl())) {
            NatsNames names = NatsNames.withPrefix(namespace.natsPrefix());
            String pipeline = "standby-" + System.nanoTime() % 1_000_000;
            LaneStore store = LaneTestbed.store(nats, namespace);
            LaneHandler handler = LaneTestbed.handler(message -> CompletableFuture.completedFuture(null));
            // One lane (partition 0 of one source) and two replicas.
            LaneTestbed.streamWithBatches(nats, names, pipeline, 0);
            LaneCoordinator one = LaneTestbed.coordinator(nats, names, pipeline, "replica-1", store, handler, LEASE);
            LaneCoordinator two = LaneTestbed.coordinator(nats, names, pipeline, "replica-2", store, handler, LEASE);
            try {
                one.start();
                two.start();
                Thread.sleep(LEASE.toMillis() / 4 + 500);
                assertThat(List.of(one.standingBy(), two.standingBy())).as("before any lane exists").containsOnly(false);

                LaneTestbed.streamWithBatches(nats, names, pipeline, 2);
                await().atMost(Duration.ofSeconds(20)).until(() -> one.servedLanes().size() + two.servedLanes().size() == 1);
                LaneCoordinator serving = one.servedLanes().isEmpty() ? two : one;
                LaneCoordinator other = serving == one ? two : one;
                await().atMost(Duration.ofSeconds(10)).until(other::standingBy);
                assertThat(serving.standingBy()).isFalse();

                // The serving replica stops: the other takes the lane over and works.
                serving.stop();
                await().atMost(Duration.ofSeconds(20)).until(() -> other.servedLanes().size() == 1);
                assertThat(other.standingBy()).isFalse();
            } finally {
                one.stop();
                two.stop();
                LaneTestbed.removeStreams(nats, names, pipeline);
            }
        }
    }
}

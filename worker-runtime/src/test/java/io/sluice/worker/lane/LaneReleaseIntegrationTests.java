package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An idle lane waits in a long pull (LaneLease: 15 s here), and a release (the pipeline stopped,
 * paused or deleted) still frees the lane at once, with its progress recorded.
 */
@RealServers(RealServer.NATS)
class LaneReleaseIntegrationTests {

    private static final Duration LEASE = Duration.ofMinutes(4);

    private Connection nats;
    private NatsNames names;
    private String pipeline;
    private LaneStore store;
    private LaneCoordinator coordinator;
    private final AtomicInteger handled = new AtomicInteger();

    @BeforeEach
    void startAnIdleLane(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        pipeline = "release-" + System.nanoTime() % 1_000_000;
        LaneTestbed.streamWithBatches(nats, names, pipeline, 2);
        store = LaneTestbed.store(nats, namespace);
        LaneHandler handler = LaneTestbed.handler(message -> {
            handled.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        coordinator = LaneTestbed.coordinator(nats, names, pipeline, store, handler, LEASE);
        coordinator.start();
    }

    @AfterEach
    void removeTheStreams() throws Exception {
        LaneTestbed.removeStreams(nats, names, pipeline);
        nats.close();
    }

    @Test
    void anIdleLaneIsFreedAtOnceWithoutWaitingOutItsPull() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.get() == 2);
        // Both batches are done and nothing more comes: the lane waits in its pull of 15 s (the
        // progress of the second is written when the lane next turns: here, at its release).
        Thread.sleep(1_000);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                coordinator.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThatCode(() -> stopped.get(8, TimeUnit.SECONDS)).as("released within 8 s, not after the pull of 15 s")
                .doesNotThrowAnyException();
        LaneProgress freed = store.read(laneKey()).progress();
        assertThat(freed.owner()).isNull();
        assertThat(freed.processedSeq()).isEqualTo(2);
    }

    private String laneKey() {
        return LaneTestbed.laneKey(names, pipeline);
    }
}

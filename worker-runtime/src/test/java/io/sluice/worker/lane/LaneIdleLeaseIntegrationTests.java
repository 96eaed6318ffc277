package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lane with nothing to do holds itself for the long idle lease and leaves its record alone for
 * long stretches; before it processes the next batch it holds itself for the short lease again.
 * On the real NATS.
 */
@RealServers(RealServer.NATS)
class LaneIdleLeaseIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(3);

    private Connection nats;
    private NatsNames names;
    private String pipeline;
    private LaneStore store;
    private LaneCoordinator coordinator;
    private final AtomicInteger handled = new AtomicInteger();
    // How long the lane's record said it was held for, as each batch was handled.
    private final AtomicLong heldForWhenHandled = new AtomicLong();

    @BeforeEach
    void startALane(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        pipeline = "idle-" + System.nanoTime() % 1_000_000;
        LaneTestbed.streamWithBatches(nats, names, pipeline, 1);
        store = LaneTestbed.store(nats, namespace);
        LaneHandler handler = LaneTestbed.handler(message -> {
            try {
                heldForWhenHandled.set(store.read(laneKey()).progress().leaseUntilMillis() - System.currentTimeMillis());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            handled.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        coordinator = LaneTestbed.coordinator(nats, names, pipeline, store, handler, LEASE);
        coordinator.start();
    }

    @AfterEach
    void removeTheStreams() throws Exception {
        coordinator.stop();
        LaneTestbed.removeStreams(nats, names, pipeline);
        nats.close();
    }

    @Test
    void anIdleLaneHoldsItsLongLeaseAndTakesTheShortOneBeforeItWorksAgain() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.get() == 1);

        LaneStore.Versioned idle = await().atMost(Duration.ofSeconds(20)).until(() -> store.read(laneKey()),
                (record) -> record.progress().processedSeq() == 1
                        && record.progress().leaseUntilMillis() - System.currentTimeMillis() > 60_000);
        assertThat(idle.progress().owner()).isEqualTo("replica-1");
        // With the short lease it would be renewed every second.
        Thread.sleep(5_000);
        assertThat(store.read(laneKey()).revision()).as("writes of an idle lane's record within 5 s").isEqualTo(idle.revision());

        nats.jetStream().publish(NatsMessage.builder().subject(names.ingestSubject(pipeline, "orders", 0))
                .headers(new Headers().put("Nats-Msg-Id", "batch-late")).data(new byte[] { 9 }).build());

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.get() == 2);
        assertThat(heldForWhenHandled.get()).as("ms the lane was held for as it handled the new batch")
                .isLessThanOrEqualTo(LEASE.toMillis());
        await().atMost(Duration.ofSeconds(20)).until(() -> store.read(laneKey()).progress(),
                (progress) -> progress.processedSeq() == 2 && progress.leaseUntilMillis() - System.currentTimeMillis() > 60_000);
    }

    private String laneKey() {
        return LaneTestbed.laneKey(names, pipeline);
    }
}

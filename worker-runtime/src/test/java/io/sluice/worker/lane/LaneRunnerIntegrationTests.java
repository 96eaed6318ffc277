package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * One lane against the real JetStream and lanes bucket, with a batch handler the test finishes by
 * hand, to see what is in flight and what is recorded as processed.
 */
@RealServers(RealServer.NATS)
class LaneRunnerIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(2);

    private Connection nats;
    private NatsNames names;
    private String pipeline;
    private LaneStore store;
    private LaneCoordinator coordinator;
    private final List<InFlight> handled = new CopyOnWriteArrayList<>();
    private final AtomicBoolean finishing = new AtomicBoolean();

    private record InFlight(long seq, CompletableFuture<Void> done) {
    }

    @BeforeEach
    void startALaneWithFourBatchesInFlight(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        pipeline = "lane-" + System.nanoTime() % 1_000_000;
        LaneTestbed.streamWithBatches(nats, names, pipeline, 10);
        store = LaneTestbed.store(nats, namespace);
        LaneHandler handler = LaneTestbed.handler(message -> {
            InFlight batch = new InFlight(message.metaData().streamSequence(), new CompletableFuture<>());
            handled.add(batch);
            if (finishing.get()) {
                batch.done().complete(null);
            }
            return batch.done();
        });
        coordinator = LaneTestbed.coordinator(nats, names, pipeline, store, handler, LEASE);
        coordinator.start();
    }

    @AfterEach
    void stopTheLane() throws Exception {
        finishing.set(true);
        handled.forEach(batch -> batch.done().complete(null));
        coordinator.stop();
        LaneTestbed.removeStreams(nats, names, pipeline);
        nats.close();
    }

    @Test
    void keepsSeveralBatchesInFlightAndRecordsProgressOnlyPastTheFirstUnfinishedOne() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 4);
        // The window is full: nothing more is read while all four are in flight.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> handled.size() == 4);
        assertThat(handled).extracting(InFlight::seq).containsExactly(1L, 2L, 3L, 4L);

        handled.get(1).done().complete(null);
        handled.get(2).done().complete(null);
        handled.get(3).done().complete(null);
        // Three later batches are done, but the first is not: no progress, and the window stays
        // full (a batch counts until every batch before it is done, like an unacknowledged message).
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> processed() == 0 && handled.size() == 4);

        handled.get(0).done().complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> processed() == 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 8);
        assertThat(store.read(laneKey()).progress().owner()).isEqualTo("replica-1");
    }

    @Test
    void startsOverAfterTheLastBatchDoneWhenABatchFails() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 4);

        handled.get(0).done().complete(null);
        handled.get(2).done().complete(null);
        handled.get(1).done().completeExceptionally(new IllegalStateException("Redis refused the claims"));

        // Batch 2 and the ones after it are read again; batch 1 is not.
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.stream().filter(batch -> batch.seq() == 2).count() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> processed() == 1);
        assertThat(handled.stream().filter(batch -> batch.seq() == 1)).hasSize(1);
    }

    private String laneKey() {
        return LaneTestbed.laneKey(names, pipeline);
    }

    private long processed() throws Exception {
        return store.read(laneKey()).progress().processedSeq();
    }
}

package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StreamLimits;
import io.sluice.retry.Backoff;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.purge.JetStreamInputPurger;
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
        new PipelineStreams(nats, names, new StreamLimits(Duration.ofMinutes(10), 64L * 1024 * 1024,
                Duration.ofMinutes(10))).ensureStreams(pipeline);
        for (int i = 0; i < 10; i++) {
            nats.jetStream().publish(NatsMessage.builder().subject(names.ingestSubject(pipeline, "orders", 0))
                    .headers(new Headers().put("Nats-Msg-Id", "batch-" + i)).data(new byte[] { (byte) i }).build());
        }
        store = new KvLaneStore(nats, new KvLaneStore.Buckets(namespace.natsPrefix() + "-lanes", "Lanes of " + namespace.id(),
                namespace.natsPrefix() + "-replicas", "Replicas of " + namespace.id()));
        LaneHandler handler = new LaneHandler() {
            @Override
            public CompletableFuture<?> handle(Message message, CompletableFuture<?> previous) {
                InFlight batch = new InFlight(message.metaData().streamSequence(), new CompletableFuture<>());
                handled.add(batch);
                if (finishing.get()) {
                    batch.done().complete(null);
                }
                return batch.done();
            }

            @Override
            public long publishedThrough(Lane lane) {
                return 0;
            }
        };
        LaneRunners lanes = new LaneRunners(new LaneRunners.Settings(pipeline, "replica-1", names.dataStream(pipeline), 4, LEASE,
                Duration.ofHours(1)), store, nats.jetStream(), Map.of("orders", handler), new JetStreamInputPurger(nats),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), Math::random), Clock.systemUTC());
        coordinator = new LaneCoordinator(new LaneCoordinator.Settings("test", pipeline, "replica-1", LEASE), store,
                new StreamLaneDiscovery(nats, names.dataStream(pipeline), pipeline,
                        Map.of("orders", names.ingestSubjects(pipeline, "orders"))), lanes, Clock.systemUTC());
        coordinator.start();
    }

    @AfterEach
    void stopTheLane() throws Exception {
        finishing.set(true);
        handled.forEach(batch -> batch.done().complete(null));
        coordinator.stop();
        nats.jetStreamManagement().deleteStream(names.dataStream(pipeline));
        nats.jetStreamManagement().deleteStream(names.deadLetterStream(pipeline));
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
        return Lane.of(pipeline, "orders", 0, names.ingestSubject(pipeline, "orders", 0)).key();
    }

    private long processed() throws Exception {
        return store.read(laneKey()).progress().processedSeq();
    }
}

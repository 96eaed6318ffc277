package io.sluice.worker.lane;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StreamLimits;
import io.sluice.retry.Backoff;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.purge.JetStreamInputPurger;

/**
 * One pipeline's lane of source {@code orders}, partition 0, on the real NATS: its streams with a
 * few one-byte ingest batches, the lanes bucket, and replica-1's coordinator of the lanes.
 */
final class LaneTestbed {

    /**
     * The tests' coordinators share one stage's threads, as a stage's pipelines do, with a
     * connection of their own for the doorbells: the tests' connections close after each test.
     */
    private static LaneThreads threads;

    private LaneTestbed() {
    }

    /** The pipeline's streams, with {@code batches} ingest batches on partition 0 of source {@code orders}. */
    static void streamWithBatches(Connection nats, NatsNames names, String pipeline, int batches) throws Exception {
        new PipelineStreams(nats, names, new StreamLimits(Duration.ofMinutes(10), 64L * 1024 * 1024,
                Duration.ofMinutes(10))).ensureStreams(pipeline);
        for (int i = 0; i < batches; i++) {
            nats.jetStream().publish(NatsMessage.builder().subject(names.ingestSubject(pipeline, "orders", 0))
                    .headers(new Headers().put("Nats-Msg-Id", "batch-" + i)).data(new byte[] { (byte) i }).build());
        }
    }

    static LaneStore store(Connection nats, TestNamespace namespace) throws Exception {
        return new KvLaneStore(nats, new KvLaneStore.Buckets(namespace.natsPrefix() + "-lanes", "Lanes of " + namespace.id(),
                namespace.natsPrefix() + "-replicas", "Replicas of " + namespace.id()));
    }

    /** replica-1's coordinator of the pipeline's lanes, 4 batches in flight per lane; not started. */
    static LaneCoordinator coordinator(Connection nats, NatsNames names, String pipeline, LaneStore store,
            LaneHandler handler, Duration lease) throws Exception {
        return coordinator(nats, names, pipeline, "replica-1", store, handler, lease);
    }

    /** {@code replica}'s coordinator of the pipeline's lanes, 4 batches in flight per lane; not started. */
    static LaneCoordinator coordinator(Connection nats, NatsNames names, String pipeline, String replica, LaneStore store,
            LaneHandler handler, Duration lease) throws Exception {
        return coordinator(nats, names, pipeline, replica, store, handler, lease, threads(nats), DiscoveryPace.STANDARD);
    }

    /** As above, on the given stage threads, looking for lanes at the given pace. */
    static LaneCoordinator coordinator(Connection nats, NatsNames names, String pipeline, String replica, LaneStore store,
            LaneHandler handler, Duration lease, LaneThreads threads, DiscoveryPace pace) throws Exception {
        LaneRunners lanes = new LaneRunners(new LaneRunners.Settings(pipeline, replica, names.dataStream(pipeline), 4, lease,
                Duration.ofHours(1)), store, nats.jetStream(), Map.of("orders", handler), new JetStreamInputPurger(nats),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), Math::random), Clock.systemUTC());
        return new LaneCoordinator(new LaneCoordinator.Settings("test", pipeline, replica, lease), store,
                new StreamLaneDiscovery(nats, names.dataStream(pipeline), pipeline,
                        Map.of("orders", names.ingestSubjects(pipeline, "orders"))), lanes, Clock.systemUTC(), threads,
                new LaneBell(nats, names.laneBellSubject(pipeline)), pace);
    }

    /** The stage threads the coordinators of {@code nats} share. */
    static synchronized LaneThreads threads(Connection nats) throws Exception {
        if (threads == null) {
            threads = new LaneThreads("test", Nats.connect(nats.getConnectedUrl()));
        }
        return threads;
    }

    /** A lane handler that counts the batches it is given into {@code handled}, done at once. */
    static LaneHandler counting(AtomicInteger handled) {
        return handler(message -> {
            handled.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** A lane handler that gives each batch to {@code handle}, for a lane whose outputs were never published. */
    static LaneHandler handler(Function<Message, CompletableFuture<?>> handle) {
        return new LaneHandler() {
            @Override
            public CompletableFuture<?> handle(Message message, CompletableFuture<?> previous) {
                return handle.apply(message);
            }

            @Override
            public long publishedThrough(Lane lane) {
                return 0;
            }
        };
    }

    /** Removes the pipeline's streams. */
    static void removeStreams(Connection nats, NatsNames names, String pipeline) throws Exception {
        nats.jetStreamManagement().deleteStream(names.dataStream(pipeline));
        nats.jetStreamManagement().deleteStream(names.deadLetterStream(pipeline));
    }

    static String laneKey(NatsNames names, String pipeline) {
        return Lane.of(pipeline, "orders", 0, names.ingestSubject(pipeline, "orders", 0)).key();
    }
}

package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

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
 * A replica running many pipelines ticks them all on the stage's few shared threads, and an idle
 * lane holds no thread: it parks, and a batch published to it wakes it at once. A stopped
 * pipeline's coordinator ticks no more while the others go on. On the real NATS.
 */
@RealServers(RealServer.NATS)
class LaneCoordinatorThreadsIntegrationTests {

    private static final int PIPELINES = 20;
    private static final Duration LEASE = Duration.ofSeconds(2);

    private Connection nats;
    private NatsNames names;
    private LaneStore store;
    private final List<String> pipelines = new ArrayList<>();
    private final List<LaneCoordinator> coordinators = new ArrayList<>();
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> batches = new ConcurrentHashMap<>();

    @BeforeEach
    void startManyPipelines(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        store = LaneTestbed.store(nats, namespace);
        long run = System.nanoTime() % 1_000_000;
        for (int i = 0; i < PIPELINES; i++) {
            String pipeline = "many-" + run + "-" + i;
            pipelines.add(pipeline);
            LaneTestbed.streamWithBatches(nats, names, pipeline, 1);
            LaneCoordinator coordinator = LaneTestbed.coordinator(nats, names, pipeline, store,
                    LaneTestbed.handler(message -> {
                        handled.add(pipeline);
                        batches.computeIfAbsent(pipeline, p -> new AtomicInteger()).incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    }), LEASE);
            coordinators.add(coordinator);
            coordinator.start();
        }
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        for (LaneCoordinator coordinator : coordinators) {
            coordinator.stop();
        }
        for (String pipeline : pipelines) {
            LaneTestbed.removeStreams(nats, names, pipeline);
        }
        nats.close();
    }

    @Test
    void idleLanesHoldNoThreadAndABatchPublishedToOneWakesItAtOnce() throws Exception {
        long reconnects = LaneTestbed.threads(nats).connection().getStatistics().getReconnects();
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == PIPELINES);

        // With a lease of 2 s a lane that ran dry parks within about a second.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(threadsOfPipelines())
                .as("threads named after a pipeline, all of whose lanes are idle").isEmpty());

        // An idle lane renews its lease every 2 minutes: far later than this wait.
        for (String pipeline : pipelines) {
            nats.jetStream().publish(NatsMessage.builder().subject(names.ingestSubject(pipeline, "orders", 0))
                    .headers(new Headers().put("Nats-Msg-Id", "later")).data(new byte[] { 9 }).build());
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (String pipeline : pipelines) {
                assertThat(batches.get(pipeline)).as("batches handled of " + pipeline).hasValue(2);
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(threadsOfPipelines())
                .as("threads named after a pipeline, idle again").isEmpty());
        // Lanes parking all at once must not upset the connection their doorbells share (a flush
        // per doorbell did: more pings outstanding than the client allows, so it reconnected).
        assertThat(LaneTestbed.threads(nats).connection().getStatistics().getReconnects())
                .as("reconnects of the doorbells' connection").isEqualTo(reconnects);
    }

    private List<String> threadsOfPipelines() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> pipelines.stream().anyMatch(name::contains)).toList();
    }

    @Test
    void ticksEveryPipelineOnTheStagesFewThreadsAndAStoppedOneNoMore() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == PIPELINES);

        List<String> threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
        for (String pipeline : pipelines) {
            Pattern named = Pattern.compile("-" + Pattern.quote(pipeline) + "($|[.-])");
            assertThat(threads.stream().filter(name -> named.matcher(name).find()))
                    .as("threads of " + pipeline + " but its lane's").isSubsetOf("test-" + LaneTestbed.laneKey(names, pipeline));
        }
        assertThat(threads.stream().filter(name -> name.startsWith("test-lanes"))).as("threads ticking the pipelines")
                .hasSizeBetween(1, LaneThreads.TICK_THREADS);

        String stopped = pipelines.get(0);
        coordinators.get(0).stop();
        // The store reads heartbeats from its watch of the bucket, which hears of the delete a moment later.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(store.heartbeats(stopped)).as("members of the stopped pipeline").isEmpty());
        // Every other pipeline's coordinator still ticks: each writes its membership back at its
        // next tick once it is gone.
        for (String pipeline : pipelines.subList(1, PIPELINES)) {
            store.leave(pipeline, "replica-1");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String pipeline : pipelines.subList(1, PIPELINES)) {
                assertThat(store.heartbeats(pipeline)).as("members of " + pipeline).containsKey("replica-1");
            }
        });
        Thread.sleep(2 * LEASE.toMillis());
        assertThat(store.heartbeats(stopped)).as("members of the stopped pipeline, after four of its ticks would have come")
                .isEmpty();
    }
}

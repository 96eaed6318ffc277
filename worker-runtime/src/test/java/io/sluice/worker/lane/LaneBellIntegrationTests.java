package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
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
 * Once a pipeline's lanes settled, its coordinator looks for new ones only when the pipeline's
 * lane bell rings (and every few minutes): a partition first written to long after the start is
 * served as soon as the stage that wrote it rings, and a lane rings once its first batch is done,
 * for the stage after it. On the real NATS, with a settling time of a second and a fallback look
 * of ten minutes.
 */
@RealServers(RealServer.NATS)
class LaneBellIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final DiscoveryPace PACE = new DiscoveryPace(Duration.ofSeconds(1), Duration.ofMinutes(10));

    private Connection nats;
    private NatsNames names;
    private String pipeline;
    private LaneCoordinator coordinator;
    private final AtomicInteger handled = new AtomicInteger();
    private final List<String> rings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startAPipelineWithOnePartition(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        pipeline = "bell-" + System.nanoTime() % 1_000_000;
        Dispatcher bell = nats.createDispatcher(message -> rings.add(message.getSubject()));
        bell.subscribe(names.laneBellSubject(pipeline));
        nats.flush(Duration.ofSeconds(5));
        LaneTestbed.streamWithBatches(nats, names, pipeline, 1);
        coordinator = LaneTestbed.coordinator(nats, names, pipeline, "replica-1", LaneTestbed.store(nats, namespace),
                LaneTestbed.counting(handled), LEASE, LaneTestbed.threads(nats), PACE);
        coordinator.start();
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        coordinator.stop();
        LaneTestbed.removeStreams(nats, names, pipeline);
        nats.close();
    }

    @Test
    void aPartitionFirstWrittenToLongAfterTheStartIsServedOnceTheBellRings() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);
        // Settled: the coordinator no longer looks at every tick.
        Thread.sleep(2 * PACE.settling().toMillis());

        nats.jetStream().publish(NatsMessage.builder().subject(names.ingestSubject(pipeline, "orders", 1))
                .headers(new Headers().put("Nats-Msg-Id", "first-of-partition-1")).data(new byte[] { 1 }).build());
        // Six ticks: without a ring, the new lane waits for the look ten minutes on.
        Thread.sleep(3_000);
        assertThat(handled).as("batches handled before the bell rang").hasValue(1);

        new LaneBell(nats, names.laneBellSubject(pipeline)).ring();
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 2);
    }

    @Test
    void aLaneRingsTheBellOnceItsFirstBatchIsDone() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !rings.isEmpty());

        nats.jetStream().publish(NatsMessage.builder().subject(names.ingestSubject(pipeline, "orders", 0))
                .headers(new Headers().put("Nats-Msg-Id", "second")).data(new byte[] { 2 }).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 2);
        Thread.sleep(500);
        assertThat(rings).as("rings of a lane that did two batches").hasSize(1);
    }
}

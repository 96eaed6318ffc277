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
import io.nats.client.Options;
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
 * A parked lane looks at its stream now and then though its doorbell did not ring (core NATS may
 * lose a ring): a look asks for the subject's last stored message, and reads only if that is one
 * the lane has not read. Each look used to read, through a consumer started for it (the one of the
 * last read was gone by then) and two pulls of a second: at hundreds of parked lanes, most of what
 * NATS did while idle.
 * On the real NATS; the missed ring is a batch published on the doorbells' own connection, which
 * is made with no echo, so the server does not deliver it to that connection's doorbell.
 */
@RealServers(RealServer.NATS)
class LaneLookIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    private Connection nats;
    private Connection doorbells;
    private LaneThreads threads;
    private NatsNames names;
    private String pipeline;
    private LaneCoordinator coordinator;
    private final AtomicInteger handled = new AtomicInteger();
    private final List<String> consumerRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startALane(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        doorbells = Nats.connect(new Options.Builder().server(endpoints.natsUrl()).noEcho().build());
        threads = new LaneThreads("look", doorbells, LOOK_EVERY);
        names = NatsNames.withPrefix(namespace.natsPrefix());
        pipeline = "look-" + System.nanoTime() % 1_000_000;
        LaneTestbed.streamWithBatches(nats, names, pipeline, 1);
        // Creating a consumer of the stream, and pulling from one ($JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>).
        String stream = names.dataStream(pipeline);
        Dispatcher api = nats.createDispatcher(message -> {
            if (List.of(message.getSubject().split("\\.")).contains(stream)) {
                consumerRequests.add(message.getSubject());
            }
        });
        api.subscribe("$JS.API.CONSUMER.>");
        nats.flush(Duration.ofSeconds(5));
        coordinator = LaneTestbed.coordinator(nats, names, pipeline, "replica-1", LaneTestbed.store(nats, namespace),
                LaneTestbed.counting(handled), LEASE, threads, DiscoveryPace.STANDARD);
        coordinator.start();
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        coordinator.stop();
        LaneTestbed.removeStreams(nats, names, pipeline);
        nats.close();
        doorbells.close();
    }

    @Test
    void aParkedLaneLooksWithoutAConsumerAndReadsABatchWhoseRingWasLost() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);
        // Parked: the two empty reads before parking take about two seconds.
        await().atMost(Duration.ofSeconds(10)).until(() -> laneThreads().isEmpty());
        consumerRequests.clear();

        Thread.sleep(5 * LOOK_EVERY.toMillis());
        assertThat(consumerRequests).as("requests to consumers by five looks of a parked lane that found nothing new").isEmpty();

        // Stored, but the doorbell hears nothing of it: only a look finds it.
        doorbells.jetStream().publish(NatsMessage.builder().subject(names.ingestSubject(pipeline, "orders", 0))
                .headers(new Headers().put("Nats-Msg-Id", "unrung")).data(new byte[] { 7 }).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 2);
    }

    private List<String> laneThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains(pipeline)).toList();
    }
}

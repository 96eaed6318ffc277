package io.sluice.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealServers(RealServer.NATS)
class DurableConsumerLoopIntegrationTests {

    private Connection nats;
    private SharedPulls pulls;
    private String stream;
    private String subject;

    @BeforeEach
    void createStream(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        pulls = new SharedPulls(nats);
        // One stream per test method: the durable consumers of one test must not see another's messages.
        stream = namespace.id().toUpperCase() + "_" + System.nanoTime();
        subject = namespace.natsPrefix() + "." + stream + ".input";
        nats.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(subject)
                .storageType(StorageType.File).maxAge(Duration.ofMinutes(5)).maxBytes(16 * 1024 * 1024).build());
    }

    @AfterEach
    void deleteStream() throws Exception {
        pulls.close();
        nats.jetStreamManagement().deleteStream(stream);
        nats.close();
    }

    @Test
    void twoReplicasSharingTheDurableHandleEveryMessageExactlyOnce() throws Exception {
        publish(500);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> twice = new CopyOnWriteArrayList<>();
        MessageHandler handler = message -> {
            String body = new String(message.getData(), StandardCharsets.UTF_8);
            if (!seen.add(body)) {
                twice.add(body);
            }
            return CompletableFuture.completedFuture(null);
        };
        DurableConsumerLoop replicaA = loop("shared", handler);
        DurableConsumerLoop replicaB = loop("shared", handler);

        replicaA.start();
        replicaB.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 500);
        replicaA.stop();
        replicaB.stop();

        assertThat(twice).isEmpty();
        assertThat(replicaA.handled() + replicaB.handled()).isEqualTo(500);
        assertThat(replicaA.pending()).isZero();
    }

    @Test
    void redeliversAMessageWhoseOutputFailedUntilItSucceeds() throws Exception {
        publish(3);
        AtomicBoolean failOnce = new AtomicBoolean(true);
        List<String> completed = new CopyOnWriteArrayList<>();
        DurableConsumerLoop loop = loop("retrying", message -> {
            String body = new String(message.getData(), StandardCharsets.UTF_8);
            if (body.equals("event-1") && failOnce.getAndSet(false)) {
                return CompletableFuture.failedFuture(new IllegalStateException("downstream unavailable"));
            }
            completed.add(body);
            return CompletableFuture.completedFuture(null);
        });

        loop.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> completed.contains("event-1"));
        loop.stop();

        assertThat(completed).containsExactlyInAnyOrder("event-0", "event-1", "event-2");
        assertThat(loop.lastError()).isEqualTo("downstream unavailable");
    }

    @Test
    void stopLeavesUnfetchedMessagesForTheNextStart() throws Exception {
        List<String> completed = new CopyOnWriteArrayList<>();
        DurableConsumerLoop loop = loop("resumable", recordingInto(completed));
        loop.start();
        publish(10);
        await().atMost(Duration.ofSeconds(20)).until(() -> completed.size() == 10);
        loop.stop();

        publish(5);
        DurableConsumerLoop restarted = loop("resumable", recordingInto(completed));
        restarted.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> completed.size() == 15);
        restarted.stop();

        assertThat(completed).doesNotHaveDuplicates().hasSize(15);
    }

    @Test
    void stopDoesNotWaitOutAnIdlePullAndWhatThePullStillBringsGoesToTheNextStart() throws Exception {
        List<String> stopped = new CopyOnWriteArrayList<>();
        DurableConsumerLoop loop = loop("idle-stop", recordingInto(stopped));
        loop.start();
        Thread.sleep(500); // in its idle pull of up to 30 s by now

        long before = System.nanoTime();
        loop.stop();
        Duration stopping = Duration.ofNanos(System.nanoTime() - before);

        // The stopped loop's pull is still open at the server: these may be delivered to it.
        publish(3);
        List<String> completed = new CopyOnWriteArrayList<>();
        DurableConsumerLoop restarted = loop("idle-stop", recordingInto(completed));
        restarted.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> completed.size() == 3);
        restarted.stop();

        assertThat(stopping).as("stop while the loop waited in an idle pull").isLessThan(Duration.ofSeconds(1));
        assertThat(stopped).as("handled by the stopped loop").isEmpty();
        assertThat(completed).doesNotHaveDuplicates();
    }

    @Test
    void deletesEveryMessageItHandledAndKeepsTheOneItCouldNot() throws Exception {
        publish(20);
        List<String> completed = new CopyOnWriteArrayList<>();
        DurableConsumerLoop loop = loop("deleting", message -> {
            String body = new String(message.getData(), StandardCharsets.UTF_8);
            if (body.equals("event-7")) {
                return CompletableFuture.failedFuture(new IllegalStateException("downstream unavailable"));
            }
            completed.add(body);
            return CompletableFuture.completedFuture(null);
        });

        loop.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> completed.size() == 19);
        loop.stop();

        var state = nats.jetStreamManagement().getStreamInfo(stream).getStreamState();
        assertThat(state.getMsgCount()).as("only the message that failed is left").isEqualTo(1);
        assertThat(nats.jetStreamManagement().getMessage(stream, 8).getData())
                .isEqualTo("event-7".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idleLoopsHoldNoThreadOfTheirOwn() throws Exception {
        List<DurableConsumerLoop> loops = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            DurableConsumerLoop loop = loop("idle-" + i, recordingInto(new CopyOnWriteArrayList<>()));
            loop.start();
            loops.add(loop);
        }
        Thread.sleep(1500);

        // Until 2026-12-07 each loop waited in a 30 s pull on a thread of its own ("consume-<durable>").
        List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter((name) -> name.startsWith("consume-") || name.startsWith("durable-pulls")).toList();
        for (DurableConsumerLoop loop : loops) {
            loop.stop();
        }
        assertThat(threads).as("threads of 20 idle loops").hasSizeLessThanOrEqualTo(2)
                .allMatch((name) -> name.startsWith("durable-pulls"));
    }

    @Test
    void aMessagePublishedToAnIdleLoopIsHandledAtOnce() throws Exception {
        List<String> completed = new CopyOnWriteArrayList<>();
        DurableConsumerLoop loop = loop("doorbell", recordingInto(completed));
        loop.start();
        Thread.sleep(1500); // its first pull found nothing and ended; the next check is 30 s away

        publish(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> completed.size() == 1);
        loop.stop();
    }

    @Test
    void anIdleLoopAsksNatsNothingOnceItsConsumerHoldsNothing() throws Exception {
        Duration ackWait = Duration.ofSeconds(1);
        List<String> completed = new CopyOnWriteArrayList<>();
        DurableConsumerLoop loop = loop("quiet", recordingInto(completed), ackWait);
        loop.start();
        publish(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> completed.size() == 1);
        // A check after the message finds the consumer holding nothing.
        Thread.sleep(2 * ackWait.toMillis() + 500);

        AtomicInteger infos = new AtomicInteger();
        Dispatcher requests = nats.createDispatcher(message -> infos.incrementAndGet());
        requests.subscribe("$JS.API.CONSUMER.INFO." + stream + ".quiet");
        try {
            nats.flush(Duration.ofSeconds(5));
            Thread.sleep(4 * ackWait.toMillis());
        } finally {
            nats.closeDispatcher(requests);
        }
        // Until 2026-12-07 every loop asked once per ackWait (30 s by default), idle or not.
        assertThat(infos.get()).as("consumer infos asked in four ackWaits of quiet").isZero();

        publish(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> completed.size() == 2);
        loop.stop();
    }

    @Test
    void aMessageADeadReplicaLeftUnacknowledgedIsHandledOnceItsAckWaitEnds() throws Exception {
        Duration ackWait = Duration.ofSeconds(2);
        DurableConsumerLoop creating = loop("redelivered", recordingInto(new CopyOnWriteArrayList<>()), ackWait);
        creating.start();
        creating.stop();
        publish(1);
        // A replica that took the message and died: fetched, never acknowledged.
        var dead = nats.jetStream().subscribe(subject, io.nats.client.PullSubscribeOptions.bind(stream, "redelivered"));
        assertThat(dead.fetch(1, Duration.ofSeconds(2))).hasSize(1);

        List<String> completed = new CopyOnWriteArrayList<>();
        DurableConsumerLoop survivor = loop("redelivered", recordingInto(completed), ackWait);
        survivor.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> completed.size() == 1);
        survivor.stop();
        dead.unsubscribe();
    }

    /** A handler that notes each message's body and succeeds. */
    private static MessageHandler recordingInto(List<String> bodies) {
        return message -> {
            bodies.add(new String(message.getData(), StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        };
    }

    private DurableConsumerLoop loop(String durable, MessageHandler handler) {
        return loop(durable, handler, Duration.ofSeconds(30));
    }

    private DurableConsumerLoop loop(String durable, MessageHandler handler, Duration ackWait) {
        return new DurableConsumerLoop(pulls, new DurableConsumerLoop.Settings(stream, durable, subject, 50, ackWait, 1_000),
                handler);
    }

    private void publish(int count) throws Exception {
        var js = nats.jetStream();
        // Numbered after the stream's last sequence: handled messages are deleted, so the count falls.
        int offset = (int) nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getLastSequence();
        for (int i = offset; i < offset + count; i++) {
            js.publish(subject, ("event-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }
}

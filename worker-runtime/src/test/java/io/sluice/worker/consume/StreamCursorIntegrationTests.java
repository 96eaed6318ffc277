package io.sluice.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.ServersScript;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;

/**
 * A cursor's consumer is ephemeral, so it lives on one server only (an R1 consumer, even on a
 * replicated stream) and the server removes it after a while without pulls. A pull to a consumer
 * that is gone gets no answer at all, which looked exactly like an idle subject: a lane then read
 * nothing more, ever (the NATS cluster end-to-end test stalled so on a loaded CI machine).
 */
@RealServers({ RealServer.NATS, RealServer.NATS_CLUSTER })
class StreamCursorIntegrationTests {

    private static final Duration WAIT = Duration.ofMillis(500);

    @Test
    void readsOnFromWhereItWasWhenTheServerRemovedItsConsumer(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        try (Connection nats = Nats.connect(endpoints.natsUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            String stream = stream(namespace);
            String subject = namespace.natsPrefix() + "." + stream + ".lane";
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject).storageType(StorageType.File).build());
            try (StreamCursor cursor = new StreamCursor(nats.jetStream(), stream, subject, 1)) {
                publish(nats, subject, "a", "b", "c");
                assertThat(bodies(cursor.fetch(3, WAIT))).containsExactly("a", "b", "c");

                // As the server does once the consumer's inactive threshold passed (its reader was slow).
                for (String consumer : jsm.getConsumerNames(stream)) {
                    jsm.deleteConsumer(stream, consumer);
                }
                publish(nats, subject, "d", "e");

                assertThat(readWithin(cursor, 4)).containsExactly("d", "e");
            } finally {
                jsm.deleteStream(stream);
            }
        }
    }

    @Test
    void readsOnWhileTheServerHoldingItsConsumerIsDown(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        Options options = new Options.Builder().servers(endpoints.natsClusterUrl().split(",")).build();
        try (Connection nats = Nats.connect(options)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            String stream = stream(namespace);
            String subject = namespace.natsPrefix() + "." + stream + ".lane";
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject).storageType(StorageType.File)
                    .replicas(3).build());
            String victim = null;
            try (StreamCursor cursor = new StreamCursor(nats.jetStream(), stream, subject, 1)) {
                publish(nats, subject, "a", "b");
                assertThat(bodies(cursor.fetch(2, WAIT))).containsExactly("a", "b");
                String consumer = jsm.getConsumerNames(stream).get(0);
                String host = jsm.getConsumerInfo(stream, consumer).getClusterInfo().getLeader();
                // servers.sh names its cluster servers sluice-1..3 for nats-1..3.
                victim = "nats-" + host.substring("sluice-".length());
                assertThat(ServersScript.run("kill", victim)).contains(victim + ": killed pid");

                // The stream has two of its three servers: it elects a leader and takes more.
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> nats.jetStream().publish(subject, bytes("c")).getSeqno() == 3);

                assertThat(readWithin(cursor, 6)).containsExactly("c");
            } finally {
                if (victim != null) {
                    assertThat(ServersScript.run("up", victim)).contains(victim + ": up");
                }
                jsm.deleteStream(stream);
            }
        }
    }

    /** What the cursor returns over {@code fetches} fetches (a fetch may fail while NATS elects leaders). */
    private static List<String> readWithin(StreamCursor cursor, int fetches) {
        List<String> read = new ArrayList<>();
        for (int i = 0; i < fetches; i++) {
            try {
                read.addAll(bodies(cursor.fetch(10, WAIT)));
            } catch (Exception e) {
                // The caller's retry: the next fetch starts over where the cursor was.
            }
        }
        return read;
    }

    private static String stream(TestNamespace namespace) {
        return namespace.id().toUpperCase() + "_" + System.nanoTime();
    }

    private static void publish(Connection nats, String subject, String... bodies) throws Exception {
        for (String body : bodies) {
            nats.jetStream().publish(subject, bytes(body));
        }
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(message -> new String(message.getData(), StandardCharsets.UTF_8)).toList();
    }
}

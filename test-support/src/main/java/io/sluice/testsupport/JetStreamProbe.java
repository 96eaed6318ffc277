package io.sluice.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;

/** Looks into JetStream the way a test checks what a service wrote there, without acknowledging for it. */
public final class JetStreamProbe {

    private JetStreamProbe() {
    }

    public static boolean streamExists(Connection nats, String stream) {
        try {
            nats.jetStreamManagement().getStreamInfo(stream);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits until a service created {@code stream} (services create their streams when a pipeline starts). */
    public static void awaitStream(Connection nats, String stream, Duration timeout) {
        await().atMost(timeout).until(() -> streamExists(nats, stream));
    }

    /** The first message on {@code subject} of {@code stream}, waiting up to {@code timeout} for one. */
    public static Message firstMessage(Connection nats, String stream, String subject, Duration timeout) throws Exception {
        JetStreamSubscription subscription = nats.jetStream().subscribe(subject,
                PullSubscribeOptions.builder().stream(stream).build());
        try {
            List<Message> messages = new ArrayList<>();
            await().atMost(timeout).until(() -> {
                messages.addAll(subscription.fetch(1, Duration.ofMillis(200)));
                return !messages.isEmpty();
            });
            return messages.get(0);
        } finally {
            subscription.unsubscribe();
        }
    }
}

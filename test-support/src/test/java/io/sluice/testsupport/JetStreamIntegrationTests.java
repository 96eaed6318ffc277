package io.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

@RealServers(RealServer.NATS)
class JetStreamIntegrationTests {

    @Test
    void dropsRepublishWithSameMessageIdAndDeliversEachBatchOnce(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        String stream = namespace.natsPrefix().toUpperCase();
        String subject = namespace.natsPrefix() + ".ingest.orders.0";
        try (Connection nats = Nats.connect(endpoints.natsUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name(stream)
                    .subjects(namespace.natsPrefix() + ".>")
                    .storageType(StorageType.File)
                    .maxAge(Duration.ofMinutes(10))
                    .maxBytes(64L * 1024 * 1024)
                    .duplicateWindow(Duration.ofMinutes(2))
                    .build());
            try {
                JetStream js = nats.jetStream();
                PublishAck first = js.publish(batch(subject, "p/orders/0/0", "first"));
                PublishAck republished = js.publish(batch(subject, "p/orders/0/0", "first"));
                PublishAck second = js.publish(batch(subject, "p/orders/0/100", "second"));

                assertThat(first.isDuplicate()).isFalse();
                assertThat(republished.isDuplicate()).isTrue();
                assertThat(republished.getSeqno()).isEqualTo(first.getSeqno());
                assertThat(second.getSeqno()).isEqualTo(first.getSeqno() + 1);

                JetStreamSubscription subscription = js.subscribe(subject,
                        PullSubscribeOptions.builder().durable("sink").build());
                List<Message> messages = subscription.fetch(10, Duration.ofSeconds(2));
                messages.forEach(Message::ack);

                assertThat(messages).extracting(m -> new String(m.getData(), StandardCharsets.UTF_8))
                        .containsExactly("first", "second");
                assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(2);
            } finally {
                jsm.deleteStream(stream);
            }
        }
    }

    private static Message batch(String subject, String msgId, String body) {
        Headers headers = new Headers().add("Nats-Msg-Id", msgId);
        return NatsMessage.builder().subject(subject).headers(headers).data(body, StandardCharsets.UTF_8).build();
    }
}

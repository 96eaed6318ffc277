package io.sluice.worker.deadletter;

import java.util.concurrent.CompletableFuture;

import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.deadletter.DeadLetterMessage;
import io.sluice.model.nats.NatsNames;

/**
 * Puts a record that cannot be processed into its pipeline's dead-letter stream, with the reason
 * and the original bytes, so the rest of the pipeline flows on. Every stage publishes through
 * this, so dead letters look the same whichever stage rejected them.
 */
public final class DeadLetterPublisher {

    private static final String MSG_ID = "Nats-Msg-Id";

    private final JetStream jetStream;
    private final NatsNames names;

    public DeadLetterPublisher(JetStream jetStream, NatsNames names) {
        this.jetStream = jetStream;
        this.names = names;
    }

    /**
     * Publishes asynchronously; the caller acknowledges its input only after the returned future
     * completes. {@code messageId} must be derived from the input (e.g. input batch id and the
     * record's offset) so that reprocessing the input after a crash does not add the dead letter twice.
     */
    public CompletableFuture<PublishAck> publish(DeadLetter deadLetter, String messageId) {
        DeadLetterMessage encoded = DeadLetterCodec.encode(deadLetter);
        Headers headers = new Headers();
        encoded.headers().forEach(headers::put);
        headers.put(MSG_ID, messageId);
        return jetStream.publishAsync(NatsMessage.builder()
                .subject(names.deadLetterSubject(deadLetter.pipelineId()))
                .headers(headers)
                .data(encoded.body())
                .build());
    }
}

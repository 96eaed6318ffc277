package io.sluice.worker.consume;

import java.util.concurrent.CompletionStage;

import io.nats.client.Message;

/**
 * One stage's processing of one input message. The returned stage completes when the message's
 * output is durable downstream (JetStream acknowledged it); only then is the input acknowledged.
 * An exceptional completion leaves the input unacknowledged, so JetStream redelivers it: use that
 * for transient failures only — a bad record belongs in the dead-letter stream, not in a retry loop.
 */
@FunctionalInterface
public interface MessageHandler {

    CompletionStage<?> handle(Message message) throws Exception;
}

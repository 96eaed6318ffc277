package io.sluice.ingest.publish;

import java.util.concurrent.CompletableFuture;

import io.sluice.model.deadletter.DeadLetterMessage;

/**
 * Where the ingest stage's output goes: batches to the pipeline's data stream, dead letters to
 * its dead-letter stream. Publishing is asynchronous with a bounded number of publishes in
 * flight; a call blocks while the bound is reached (backpressure on the Kafka consumer).
 *
 * <p>A returned future completes normally only once the stream has stored the message, or had
 * stored one with the same message id already (a republish inside the duplicate window, which
 * JetStream drops): then it is durable, and the outcome tells which. It completes exceptionally on a refusal (stream full,
 * no stream) or when no acknowledgement came in time; the message may or may not be stored then,
 * so the caller must find out from the stream, never assume.
 */
public interface BatchPublisher {

    /**
     * @param messageId  {@code Nats-Msg-Id}: the same records always get the same id
     * @param lastOffset the batch's last Kafka offset, for the {@code Sluice-Last-Offset} header
     * @param envelope   the {@link io.sluice.model.envelope.BatchCodec encoded} batch
     */
    CompletableFuture<PublishOutcome> publishBatch(String subject, String messageId, long lastOffset, byte[] envelope);

    /** @param messageId {@code Nats-Msg-Id}, so a dead letter republished after a failure is dropped */
    CompletableFuture<PublishOutcome> publishDeadLetter(String subject, String messageId, DeadLetterMessage deadLetter);

    /**
     * Rings the pipeline's lane bell ({@link io.sluice.worker.lane.LaneBell}), once a batch is
     * stored on a subject ingest had not published to since it began there (a partition assigned,
     * a replay): the stage after looks for new lanes at once.
     */
    void ringLaneBell(String pipelineId);
}

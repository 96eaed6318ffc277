package io.sluice.ingest.publish;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import io.sluice.model.deadletter.DeadLetterMessage;
import io.sluice.model.nats.NatsNames;
import io.sluice.worker.lane.LaneBell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes with {@code publishAsync}, at most {@code maxInFlight} unacknowledged at once, and
 * checks every acknowledgement: an error is a failure, a duplicate (the message was stored
 * before, e.g. by a publish whose acknowledgement was lost) a success.
 */
public final class JetStreamBatchPublisher implements BatchPublisher {

    private static final Logger log = LoggerFactory.getLogger(JetStreamBatchPublisher.class);

    private final Connection connection;

    private final NatsNames names;

    private final JetStream jetStream;

    private final Semaphore inFlight;

    private final Duration ackTimeout;

    public JetStreamBatchPublisher(Connection connection, NatsNames names, int maxInFlight, Duration ackTimeout)
            throws IOException {
        this.connection = connection;
        this.names = names;
        this.jetStream = connection.jetStream();
        this.inFlight = new Semaphore(maxInFlight);
        this.ackTimeout = ackTimeout;
    }

    @Override
    public CompletableFuture<PublishOutcome> publishBatch(String subject, String messageId, long lastOffset, byte[] envelope) {
        Headers headers = new Headers()
                .put(NatsJetStreamConstants.MSG_ID_HDR, messageId)
                .put(NatsNames.LAST_OFFSET_HEADER, Long.toString(lastOffset));
        return publish(subject, messageId, headers, envelope);
    }

    @Override
    public CompletableFuture<PublishOutcome> publishDeadLetter(String subject, String messageId, DeadLetterMessage deadLetter) {
        Headers headers = new Headers().put(NatsJetStreamConstants.MSG_ID_HDR, messageId);
        for (Map.Entry<String, String> header : deadLetter.headers().entrySet()) {
            headers.put(header.getKey(), header.getValue());
        }
        return publish(subject, messageId, headers, deadLetter.body());
    }

    @Override
    public void ringLaneBell(String pipelineId) {
        new LaneBell(connection, names.laneBellSubject(pipelineId)).ring();
    }

    private CompletableFuture<PublishOutcome> publish(String subject, String messageId, Headers headers, byte[] body) {
        try {
            if (!inFlight.tryAcquire(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new TimeoutException(
                        "no room to publish " + messageId + ": acknowledgements of earlier publishes take longer than "
                                + ackTimeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<PublishAck> ack;
        try {
            ack = jetStream.publishAsync(NatsMessage.builder().subject(subject).headers(headers).data(body).build());
        } catch (RuntimeException e) {
            inFlight.release();
            return CompletableFuture.failedFuture(e);
        }
        // The client has its own request timeout; this bounds the wait whatever it is.
        return ack.orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((result, failure) -> {
            inFlight.release();
            if (failure != null) {
                throw new PublishFailedException("publishing " + messageId + " to " + subject + " failed: "
                        + describe(failure), failure);
            }
            if (result.hasError()) {
                throw new PublishFailedException("JetStream refused " + messageId + " on " + subject + ": "
                        + result.getError(), null);
            }
            if (result.isDuplicate()) {
                log.debug("{} was stored before (sequence {}): dropped as a duplicate", messageId, result.getSeqno());
                return PublishOutcome.ALREADY_STORED;
            }
            return PublishOutcome.STORED;
        });
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no acknowledgement within the timeout";
        }
        if (cause instanceof JetStreamApiException api) {
            return api.getErrorDescription() + " (" + api.getApiErrorCode() + ")";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}

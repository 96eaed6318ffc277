package io.sluice.worker.consume;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;

/**
 * Reads the messages of one filter subject in stream order from a given stream sequence on, with
 * a short-lived consumer that acknowledges nothing. Stages that record their own progress (a
 * stream sequence in a KV bucket) read this way, so any replica can read, and re-read, any part of
 * a lane and always get the same messages. Not thread-safe: one reader per cursor.
 */
public final class StreamCursor implements AutoCloseable {

    // The server removes a consumer nobody pulled from for this long (a replica that died).
    private static final Duration INACTIVE_THRESHOLD = Duration.ofSeconds(30);
    // A cursor not fetched from for this long since its last pull ended starts a new consumer rather
    // than pull from one the server may have removed meanwhile (its reader was busy elsewhere, e.g.
    // retrying an insert). A waiting pull request keeps the consumer active, so a long idle pull
    // followed at once by the next does not count.
    private static final long STALE_NANOS = INACTIVE_THRESHOLD.dividedBy(3).toNanos();

    private final JetStream jetStream;
    private final String stream;
    private final String filterSubject;
    private long nextSeq;
    private long pending;
    private JetStreamSubscription subscription;
    private long lastFetchNanos;

    public StreamCursor(JetStream jetStream, String stream, String filterSubject, long fromSeq) {
        this.jetStream = jetStream;
        this.stream = stream;
        this.filterSubject = filterSubject;
        this.nextSeq = Math.max(1, fromSeq);
    }

    /**
     * Up to {@code max} next messages, waiting up to {@code wait} for them (empty if none came).
     * After a failure, or a pause long enough for the server to have removed the consumer, the
     * next call starts a new consumer at the first message not yet returned.
     */
    public List<Message> fetch(int max, Duration wait) throws IOException, JetStreamApiException {
        long now = System.nanoTime();
        if (subscription != null && now - lastFetchNanos > STALE_NANOS) {
            close();
        }
        if (subscription == null) {
            subscription = subscribeFrom(jetStream, stream, filterSubject, nextSeq);
        }
        List<Message> messages;
        try {
            messages = subscription.fetch(max, wait);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        lastFetchNanos = System.nanoTime();
        if (!messages.isEmpty()) {
            var last = messages.get(messages.size() - 1).metaData();
            nextSeq = last.streamSequence() + 1;
            pending = last.pendingCount();
        }
        return messages;
    }

    /** The stream sequence the next fetch starts from (at the earliest). */
    public long nextSeq() {
        return nextSeq;
    }

    /** Messages of the filter subject after the last one returned, as of that message. */
    public long pending() {
        return pending;
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException e) {
                // The connection is gone: the server drops the consumer after its inactive threshold.
            }
            subscription = null;
        }
    }

    /** A pull subscription on an unacknowledged consumer of {@code filterSubject} starting at {@code fromSeq}. */
    public static JetStreamSubscription subscribeFrom(JetStream jetStream, String stream, String filterSubject, long fromSeq)
            throws IOException, JetStreamApiException {
        ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                .filterSubject(filterSubject)
                .deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(Math.max(1, fromSeq))
                .ackPolicy(AckPolicy.None)
                .inactiveThreshold(INACTIVE_THRESHOLD)
                .build();
        return jetStream.subscribe(filterSubject, PullSubscribeOptions.builder().stream(stream).configuration(configuration).build());
    }
}

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the messages of one filter subject in stream order from a given stream sequence on, with
 * a short-lived consumer that acknowledges nothing. Stages that record their own progress (a
 * stream sequence in a KV bucket) read this way, so any replica can read, and re-read, any part of
 * a lane and always get the same messages. Not thread-safe: one reader per cursor.
 *
 * <h2>A consumer that is gone</h2>
 * The consumer is ephemeral, so it lives on one server only, even on a stream with three replicas,
 * and the server removes it after {@link #INACTIVE_THRESHOLD} without pulls. A pull to a consumer
 * that is gone (removed, or its server down) gets no answer at all: the fetch waits its whole wait
 * and returns nothing, exactly as on an idle subject, and a lane would read nothing more, ever. A
 * consumer that is there ends every pull it cannot fill with an answer the client ends the fetch
 * on a little before the wait. So an empty fetch that ran its whole wait asks the server about the
 * consumer (at most every {@link #CHECK_EVERY}: a slow answer on a loaded machine looks the same),
 * and a consumer the server does not confirm is replaced by a new one at the first message not
 * yet returned.
 */
public final class StreamCursor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamCursor.class);

    // The server removes a consumer nobody pulled from for this long (a replica that died).
    private static final Duration INACTIVE_THRESHOLD = Duration.ofSeconds(30);
    // A cursor not fetched from for this long since its last pull ended starts a new consumer rather
    // than pull from one the server may have removed meanwhile (its reader was busy elsewhere, e.g.
    // retrying an insert). A waiting pull request keeps the consumer active, so a long idle pull
    // followed at once by the next does not count.
    private static final long STALE_NANOS = INACTIVE_THRESHOLD.dividedBy(3).toNanos();
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    private static final Duration CHECKED_WAIT = Duration.ofMillis(100);

    private final JetStream jetStream;
    private final String stream;
    private final String filterSubject;
    private long nextSeq;
    private long pending;
    private JetStreamSubscription subscription;
    private long lastFetchNanos;
    private long lastCheckNanos;

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
        long started = System.nanoTime();
        try {
            messages = subscription.fetch(max, wait);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        lastFetchNanos = System.nanoTime();
        if (messages.isEmpty() && unanswered(lastFetchNanos - started, wait)
                && (lastCheckNanos == 0 || lastFetchNanos - lastCheckNanos >= CHECK_EVERY.toNanos())) {
            lastCheckNanos = lastFetchNanos;
            dropIfGone();
        }
        if (!messages.isEmpty()) {
            var last = messages.get(messages.size() - 1).metaData();
            nextSeq = last.streamSequence() + 1;
            pending = last.pendingCount();
        }
        return messages;
    }

    /**
     * Whether an empty fetch ran its whole wait, which a pull the server answered does not (see
     * the class comment): the client asks the server to end the pull a little before the wait.
     * Only for waits of {@link #CHECKED_WAIT} or more: the client asks so only of pulls long enough
     * for it (a 10 ms fetch of a busy lane runs its whole wait either way), and a lane with a gone
     * consumer soon has nothing in flight and waits long.
     */
    static boolean unanswered(long fetchNanos, Duration wait) {
        return wait.compareTo(CHECKED_WAIT) >= 0 && fetchNanos >= wait.toNanos();
    }

    /** Asks the server about the consumer; one it does not confirm is replaced at the next fetch. */
    private void dropIfGone() {
        String consumer = subscription.getConsumerName();
        String gone;
        try {
            // Null: the server answered that it has no such consumer.
            gone = subscription.getConsumerInfo() == null ? "the server removed it" : null;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            gone = e.getMessage();
        }
        if (gone != null) {
            log.info("Consumer {} of stream {} ({}) is gone ({}); reading on from sequence {} with a new one", consumer,
                    stream, filterSubject, gone, nextSeq);
            close();
        }
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

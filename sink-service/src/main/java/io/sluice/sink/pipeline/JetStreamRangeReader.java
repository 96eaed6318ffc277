package io.sluice.sink.pipeline;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.nats.StoredMessages;
import io.sluice.sink.batch.StreamMessage;
import io.sluice.worker.consume.StreamCursor;

/**
 * Reads with a short-lived consumer that starts at a given stream sequence and acknowledges
 * nothing: progress is the lane's committed sequence, not consumer acks, so any replica can read
 * (and re-read) any range and always get the same messages.
 */
final class JetStreamRangeReader implements RangeReader {

    private static final Duration FETCH_WAIT = Duration.ofMillis(100);
    private static final int FETCH_MESSAGES = 64;
    // A replay that has not reached its range's end by then fails and is retried with backoff.
    private static final Duration RANGE_TIMEOUT = Duration.ofSeconds(30);

    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final String stream;
    private final String filterSubject;
    private final Duration fetchWait;
    private volatile long pending;

    JetStreamRangeReader(JetStream jetStream, JetStreamManagement management, String stream, String filterSubject) {
        this(jetStream, management, stream, filterSubject, FETCH_WAIT);
    }

    /** @param fetchWait how long one fetch waits for messages (short in tests, to stand for a slow server) */
    JetStreamRangeReader(JetStream jetStream, JetStreamManagement management, String stream, String filterSubject,
            Duration fetchWait) {
        this.jetStream = jetStream;
        this.management = management;
        this.stream = stream;
        this.filterSubject = filterSubject;
        this.fetchWait = fetchWait;
    }

    @Override
    public List<StreamMessage> readRange(long fromSeq, long toSeq) throws Exception {
        List<StreamMessage> messages = new ArrayList<>();
        long deadline = System.nanoTime() + RANGE_TIMEOUT.toNanos();
        JetStreamSubscription subscription = subscribe(fromSeq);
        try {
            while (true) {
                List<Message> fetched = subscription.fetch(FETCH_MESSAGES, fetchWait);
                for (Message message : fetched) {
                    long sequence = message.metaData().streamSequence();
                    SequenceOrder.check(fromSeq, messages.isEmpty() ? 0 : messages.get(messages.size() - 1).streamSequence(),
                            sequence);
                    if (sequence > toSeq) {
                        throw new RangeGoneException(fromSeq, toSeq, messages.size(), "its last message is gone");
                    }
                    messages.add(new StreamMessage(sequence, message.getSubject(), BatchCodec.decode(message.getData())));
                    if (sequence == toSeq) {
                        return messages;
                    }
                }
                if (fetched.isEmpty()) {
                    // An empty fetch only means nothing came in time (a slow server, a busy machine).
                    // The range's last message is the lane's by construction (the intent ends with it),
                    // so the range is gone only when the stream no longer holds that message.
                    if (!holds(toSeq)) {
                        throw new RangeGoneException(fromSeq, toSeq, messages.size(), "its last message is gone");
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IOException("reading stream sequences " + fromSeq + "-" + toSeq + " took over "
                                + RANGE_TIMEOUT.toSeconds() + " s; retrying");
                    }
                }
            }
        } finally {
            subscription.unsubscribe();
        }
    }

    private boolean holds(long sequence) throws IOException, JetStreamApiException {
        return StoredMessages.at(management, stream, sequence).isPresent();
    }

    @Override
    public List<StreamMessage> readNext(long fromSeq, int maxRecords, long maxBytes, Duration maxDelay, Duration idleWait)
            throws Exception {
        List<StreamMessage> messages = new ArrayList<>();
        JetStreamSubscription subscription = subscribe(fromSeq);
        try {
            long idleDeadline = System.nanoTime() + idleWait.toNanos();
            long flushDeadline = Long.MAX_VALUE;
            int records = 0;
            long bytes = 0;
            while (records < maxRecords && bytes < maxBytes) {
                long now = System.nanoTime();
                if (messages.isEmpty() ? now >= idleDeadline : now >= flushDeadline) {
                    break;
                }
                int ask = fetchSize(messages.size(), records, bytes, maxRecords, maxBytes);
                // Before the first message, one pull request for the whole idle wait: it returns as soon
                // as a message comes, where short ones would ask NATS ten times a second per idle lane.
                Duration wait = messages.isEmpty() ? max(fetchWait, Duration.ofNanos(idleDeadline - now)) : fetchWait;
                for (Message message : subscription.fetch(ask, wait)) {
                    if (records >= maxRecords || bytes >= maxBytes) {
                        // The block is full. What else came is read again from the next block's start:
                        // a block is only ever what its recorded range holds.
                        break;
                    }
                    long sequence = message.metaData().streamSequence();
                    SequenceOrder.check(fromSeq, messages.isEmpty() ? 0 : messages.get(messages.size() - 1).streamSequence(),
                            sequence);
                    if (messages.isEmpty()) {
                        flushDeadline = System.nanoTime() + maxDelay.toNanos();
                    }
                    StreamMessage decoded = new StreamMessage(sequence, message.getSubject(), BatchCodec.decode(message.getData()));
                    messages.add(decoded);
                    records += decoded.batch().records().size();
                    bytes += message.getData().length;
                    pending = message.metaData().pendingCount();
                }
            }
            return messages;
        } finally {
            subscription.unsubscribe();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * How many messages to ask for next: one to start with, then as many as the block still has
     * room for at the sizes seen so far, so that little is fetched only to be left for the next block.
     */
    static int fetchSize(int messages, int records, long bytes, int maxRecords, long maxBytes) {
        if (messages == 0) {
            return 1;
        }
        long byRecords = ceilDiv((long) (maxRecords - records) * messages, Math.max(1, records));
        long byBytes = ceilDiv((maxBytes - bytes) * messages, Math.max(1, bytes));
        return (int) Math.max(1, Math.min(FETCH_MESSAGES, Math.min(byRecords, byBytes)));
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    @Override
    public long pending() {
        return pending;
    }

    private JetStreamSubscription subscribe(long fromSeq) throws Exception {
        return StreamCursor.subscribeFrom(jetStream, stream, filterSubject, fromSeq);
    }
}

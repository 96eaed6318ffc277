package io.sluice.sink.pipeline;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.nats.StoredMessages;
import io.sluice.sink.batch.ReadMessage;
import io.sluice.sink.batch.StreamMessage;
import io.sluice.worker.consume.StreamCursor;

/**
 * Reads with consumers that start at a given stream sequence and acknowledge nothing: progress is
 * the lane's committed sequence, not consumer acks, so any replica can read (and re-read) any
 * range and always get the same messages. A replay reads its range with a consumer of its own;
 * fresh blocks, one after the other, with one kept open. Not thread-safe: one lane per reader.
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
    // readNext's consumer, kept open between blocks: an idle lane then costs NATS a pull request per
    // idle wait, where a consumer per block cost it a consumer created and, once inactive, deleted.
    // It can be kept because only this lane purges its input, and only below what it committed,
    // behind this consumer's position (docs/sink.md): a purge never moves it.
    private StreamCursor cursor;
    // Messages fetched after a full block, in order: the start of the block that continues it.
    private final List<Message> leftover = new ArrayList<>();
    // Where a block continuing the last one starts: after its last message.
    private long continuesFrom = -1;

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
    public List<ReadMessage> readNext(long fromSeq, int maxRecords, long maxBytes, Duration maxDelay, Duration idleWait,
            Consumer<StreamMessage> each) throws Exception {
        List<ReadMessage> messages = new ArrayList<>();
        StreamCursor cursor = cursorFrom(fromSeq);
        try {
            long idleDeadline = System.nanoTime() + idleWait.toNanos();
            long flushDeadline = Long.MAX_VALUE;
            int records = 0;
            long bytes = 0;
            boolean lastFetchEmpty = false;
            while (records < maxRecords && bytes < maxBytes) {
                long now = System.nanoTime();
                // Interrupted (a stopping lane): a fetch returns at once from now on, so waiting out a deadline would spin.
                if ((messages.isEmpty() ? now >= idleDeadline : BlockDeadline.ends(now, flushDeadline, pending, lastFetchEmpty))
                        || Thread.currentThread().isInterrupted()) {
                    break;
                }
                List<Message> fetched;
                if (!leftover.isEmpty()) {
                    fetched = new ArrayList<>(leftover);
                    leftover.clear();
                } else {
                    int ask = fetchSize(messages.size(), records, bytes, maxRecords, maxBytes);
                    // Before the first message, one pull request for the whole idle wait: it returns as
                    // soon as a message comes, where short ones would ask NATS ten times a second per idle lane.
                    Duration wait = messages.isEmpty() ? max(fetchWait, Duration.ofNanos(idleDeadline - now)) : fetchWait;
                    fetched = cursor.fetch(ask, wait);
                    lastFetchEmpty = fetched.isEmpty();
                    if (fetched.isEmpty() && messages.isEmpty()) {
                        // That pull had the whole idle wait (the client ends it a little early): nothing came.
                        break;
                    }
                }
                for (int i = 0; i < fetched.size(); i++) {
                    if (records >= maxRecords || bytes >= maxBytes) {
                        // The block is full: what else came starts the next block, which a block
                        // continuing this one takes from here; any other start reads it again.
                        leftover.addAll(fetched.subList(i, fetched.size()));
                        break;
                    }
                    Message message = fetched.get(i);
                    long sequence = message.metaData().streamSequence();
                    SequenceOrder.check(fromSeq, messages.isEmpty() ? 0 : messages.get(messages.size() - 1).streamSequence(),
                            sequence);
                    if (messages.isEmpty()) {
                        flushDeadline = BlockDeadline.of(System.nanoTime(), System.currentTimeMillis(),
                                message.metaData().timestamp().toInstant().toEpochMilli(), maxDelay);
                    }
                    StreamMessage decoded = new StreamMessage(sequence, message.getSubject(), BatchCodec.decode(message.getData()));
                    each.accept(decoded);
                    ReadMessage read = ReadMessage.of(decoded);
                    messages.add(read);
                    records += read.records();
                    bytes += message.getData().length;
                    pending = message.metaData().pendingCount();
                }
            }
        } catch (Exception | Error e) {
            // What the consumer delivered for this block is not returned: never continue after it.
            close();
            throw e;
        }
        continuesFrom = messages.isEmpty() ? fromSeq : messages.get(messages.size() - 1).streamSequence() + 1;
        return messages;
    }

    /**
     * The consumer to read a block from {@code fromSeq} with: the open one when the block continues
     * the last (the lane committed it, or it was empty), else a new one starting there.
     */
    private StreamCursor cursorFrom(long fromSeq) {
        if (cursor != null && fromSeq != continuesFrom) {
            close();
        }
        if (cursor == null) {
            cursor = new StreamCursor(jetStream, stream, filterSubject, fromSeq);
        }
        return cursor;
    }

    /** Ends the consumer {@link #readNext} keeps open between blocks. */
    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
        leftover.clear();
        continuesFrom = -1;
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

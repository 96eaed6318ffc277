package io.sluice.sink.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.sluice.model.envelope.BatchCodec;
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

    private final JetStream jetStream;
    private final String stream;
    private final String filterSubject;
    private volatile long pending;

    JetStreamRangeReader(JetStream jetStream, String stream, String filterSubject) {
        this.jetStream = jetStream;
        this.stream = stream;
        this.filterSubject = filterSubject;
    }

    @Override
    public List<StreamMessage> readRange(long fromSeq, long toSeq) throws Exception {
        List<StreamMessage> messages = new ArrayList<>();
        JetStreamSubscription subscription = subscribe(fromSeq);
        try {
            while (true) {
                List<Message> fetched = subscription.fetch(FETCH_MESSAGES, FETCH_WAIT);
                if (fetched.isEmpty()) {
                    // Everything up to toSeq was written before the intent was recorded; nothing
                    // more arriving means the rest of the range holds no message of this lane.
                    return messages;
                }
                for (Message message : fetched) {
                    long sequence = message.metaData().streamSequence();
                    if (sequence > toSeq) {
                        return messages;
                    }
                    messages.add(new StreamMessage(sequence, BatchCodec.decode(message.getData())));
                    if (sequence == toSeq) {
                        return messages;
                    }
                }
            }
        } finally {
            subscription.unsubscribe();
        }
    }

    @Override
    public List<StreamMessage> readNext(long fromSeq, int maxRecords, Duration maxDelay, Duration idleWait) throws Exception {
        List<StreamMessage> messages = new ArrayList<>();
        JetStreamSubscription subscription = subscribe(fromSeq);
        try {
            long idleDeadline = System.nanoTime() + idleWait.toNanos();
            long flushDeadline = Long.MAX_VALUE;
            int records = 0;
            while (records < maxRecords) {
                long now = System.nanoTime();
                if (messages.isEmpty() ? now >= idleDeadline : now >= flushDeadline) {
                    break;
                }
                List<Message> fetched = subscription.fetch(Math.min(FETCH_MESSAGES, Math.max(1, maxRecords - records)), FETCH_WAIT);
                for (Message message : fetched) {
                    if (messages.isEmpty()) {
                        flushDeadline = System.nanoTime() + maxDelay.toNanos();
                    }
                    StreamMessage decoded = new StreamMessage(message.metaData().streamSequence(),
                            BatchCodec.decode(message.getData()));
                    messages.add(decoded);
                    records += decoded.batch().records().size();
                    pending = message.metaData().pendingCount();
                }
            }
            return messages;
        } finally {
            subscription.unsubscribe();
        }
    }

    @Override
    public long pending() {
        return pending;
    }

    private JetStreamSubscription subscribe(long fromSeq) throws Exception {
        return StreamCursor.subscribeFrom(jetStream, stream, filterSubject, fromSeq);
    }
}

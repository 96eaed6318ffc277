package io.sluice.worker.consume;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.nats.StoredMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls from a durable JetStream consumer shared by every replica of a stage, so work spreads
 * across them and a dead replica's unacknowledged messages are redelivered to the others after
 * {@code ackWait}. Each fetched message goes to the {@link MessageHandler}; the loop acknowledges
 * it only after the handler's output is durable, and fetches the next messages only after the
 * current ones are settled, which bounds memory and keeps a pause a real drain.
 *
 * <p>A handled message is then deleted from the stream. The pipeline's data stream, which holds
 * these inputs, has no age limit (input must never age out unread), so without the delete every
 * handled message would stay until the stream's byte limit made ingest wait. One delete per
 * message, not a purge up to a sequence: messages below it may be in another replica's hands.
 */
public final class DurableConsumerLoop {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumerLoop.class);
    // A fetch returns before its wait only once it has every message it asked for. An idle loop
    // asks for one, so it returns as soon as one comes and the wait only sets how often an idle loop
    // asks NATS (one loop per pipeline: replays are rare); after a message it asks for a batch,
    // waiting briefly for the batch to fill.
    private static final Duration IDLE_FETCH_WAIT = Duration.ofSeconds(30);
    private static final Duration FETCH_WAIT = Duration.ofSeconds(2);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);

    private final Connection connection;
    private final Settings settings;
    private final MessageHandler handler;
    private final AtomicLong handled = new AtomicLong();
    /** The current run, guarded by this; a stopped run's thread may still be ending its pull. */
    private Run current;
    private volatile String lastError;

    /**
     * @param stream        the stream to consume
     * @param durable       consumer name shared by all replicas of the stage for this input
     * @param filterSubject the input subjects (one filter: NATS 2.9 consumers take one)
     * @param fetchBatch    messages taken per pull
     * @param ackWait       after this long unacknowledged, a message is redelivered (to any replica)
     * @param maxAckPending messages handed out and not yet acknowledged, across all replicas
     */
    public record Settings(String stream, String durable, String filterSubject, int fetchBatch, Duration ackWait,
            int maxAckPending) {
    }

    public DurableConsumerLoop(Connection connection, Settings settings, MessageHandler handler) {
        this.connection = connection;
        this.settings = settings;
        this.handler = handler;
    }

    /** Creates or updates the durable consumer and starts pulling on a thread of its own. */
    public synchronized void start() throws IOException, JetStreamApiException {
        ensureConsumer();
        Run run = new Run();
        current = run;
        run.thread = DaemonThreads.start("consume-" + settings.durable(), () -> run(run));
    }

    /**
     * Stops pulling and returns once the messages already taken are handled and acknowledged. A
     * loop waiting in its pull has taken nothing: it is not waited for (a pipeline's stop would
     * wait out the pull, up to 30 s, and a worker stops at most 16 pipelines at once); it gives
     * back whatever the pull still brings, for redelivery at once, and ends by itself.
     */
    public synchronized void stop() throws InterruptedException {
        Run run = current;
        current = null;
        if (run == null) {
            return;
        }
        run.running = false;
        // Read after running is cleared: a loop that is not fetching now will see it cleared
        // before it handles anything more, and one that is has nothing in hand.
        if (!run.fetching) {
            run.thread.join();
        }
    }

    /** Messages handled and acknowledged since start. */
    public long handled() {
        return handled.get();
    }

    /** Messages in the stream not yet delivered to this consumer, for lag reports. */
    public long pending() {
        try {
            return connection.jetStreamManagement().getConsumerInfo(settings.stream(), settings.durable()).getNumPending();
        } catch (IOException | JetStreamApiException e) {
            return -1;
        }
    }

    public String lastError() {
        return lastError;
    }

    private void ensureConsumer() throws IOException, JetStreamApiException {
        ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                .durable(settings.durable())
                .filterSubject(settings.filterSubject())
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(settings.ackWait())
                .maxAckPending(settings.maxAckPending())
                .build();
        connection.jetStreamManagement().addOrUpdateConsumer(settings.stream(), configuration);
    }

    private void run(Run run) {
        JetStreamSubscription subscription = null;
        boolean idle = true;
        while (run.running) {
            try {
                if (subscription == null) {
                    subscription = connection.jetStream().subscribe(settings.filterSubject(),
                            PullSubscribeOptions.bind(settings.stream(), settings.durable()));
                }
                // Never ask for more than may be pending: a pull for more waits its full expiry for
                // messages the server will not hand out before these are acknowledged.
                List<Message> messages;
                run.fetching = true;
                try {
                    messages = idle ? subscription.fetch(1, IDLE_FETCH_WAIT)
                            : subscription.fetch(Math.min(settings.fetchBatch(), settings.maxAckPending()), FETCH_WAIT);
                } finally {
                    run.fetching = false;
                }
                if (!run.running) {
                    // Stopped during the pull, without waiting for it: give these back.
                    messages.forEach(Message::nak);
                    break;
                }
                settle(messages);
                idle = messages.isEmpty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!run.running) {
                    break;
                }
                // NATS down or the consumer gone: unacknowledged messages stay in JetStream; try again.
                lastError = e.getMessage();
                log.warn("Consuming {} failed, retrying: {}", settings.durable(), e.toString());
                subscription = null;
                sleepQuietly(FAILURE_BACKOFF);
            }
        }
        if (subscription != null) {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException e) {
                log.debug("Unsubscribing {} failed: {}", settings.durable(), e.toString());
            }
        }
    }

    private void settle(List<Message> messages) throws InterruptedException {
        List<CompletableFuture<?>> outputs = new ArrayList<>(messages.size());
        for (Message message : messages) {
            try {
                outputs.add(handler.handle(message).toCompletableFuture());
            } catch (Exception e) {
                outputs.add(CompletableFuture.failedFuture(e));
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            try {
                outputs.get(i).join();
                message.ack();
                handled.incrementAndGet();
                delete(message);
            } catch (RuntimeException e) {
                // Redelivered after a pause, to this replica or another: the handler is idempotent.
                lastError = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                log.warn("Message {} of {} not processed, will be redelivered: {}", message.metaData().streamSequence(),
                        settings.durable(), lastError);
                message.nakWithDelay(FAILURE_BACKOFF);
            }
        }
    }

    private void delete(Message message) {
        long sequence = message.metaData().streamSequence();
        try {
            StoredMessages.delete(connection.jetStreamManagement(), settings.stream(), sequence);
        } catch (IOException | JetStreamApiException e) {
            // Handled and acknowledged already: left behind, it only takes room in the stream.
            log.warn("Could not delete handled message {} of {}: {}", sequence, settings.stream(), e.toString());
        }
    }

    /** One start's loop: whether it is to go on, and whether it waits in a pull. */
    private static final class Run {
        volatile boolean running = true;
        volatile boolean fetching;
        Thread thread;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.sluice.worker.consume;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
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
 *
 * <p>A loop holds no thread while there is nothing to take: it pulls on the threads every loop of
 * the process shares ({@link SharedPulls}), until a fetch comes back empty, when
 * <ul>
 * <li>a message is published to its subject: a core NATS subscription on the shared dispatcher
 * rings its doorbell (so the loop's subject should carry rare messages, such as replays: the
 * dispatcher receives a copy of each);</li>
 * <li>it starts (what was published while no replica listened);</li>
 * <li>the connection reconnects (a doorbell rung while it was down is lost; {@link SharedPulls});</li>
 * <li>every {@code ackWait}, when the consumer has messages pending or handed out: a dead
 * replica's unacknowledged messages are delivered again only to a pull. That check is one
 * consumer-info request, made only while the consumer may hold something: since the loop started
 * or was rung, or while the last check found something. A consumer that holds nothing gets
 * something only by a publish, which rings every replica's doorbell, so a quiet loop asks nothing.
 * Until 2026-12-07 every loop asked every {@code ackWait} (30 s), idle or not: at 200 idle
 * pipelines a fifth of the requests NATS served.</li>
 * </ul>
 */
public final class DurableConsumerLoop {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumerLoop.class);
    // A fetch returns before its wait only once it has every message it asked for; a doorbell may
    // ring a moment before the stream stored its message. Short: pulls share two threads.
    private static final Duration FETCH_WAIT = Duration.ofMillis(500);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);

    private final SharedPulls shared;
    private final Connection connection;
    private final Settings settings;
    private final MessageHandler handler;
    private final AtomicLong handled = new AtomicLong();
    /** The current run, guarded by this; a stopped run's pull may still be ending. */
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

    public DurableConsumerLoop(SharedPulls shared, Settings settings, MessageHandler handler) {
        this.shared = shared;
        this.connection = shared.connection();
        this.settings = settings;
        this.handler = handler;
    }

    /** Creates or updates the durable consumer and takes what it holds; then pulls when rung (see the class). */
    public synchronized void start() throws IOException, JetStreamApiException {
        ensureConsumer();
        Run run = new Run();
        current = run;
        run.doorbell = shared.doorbells().subscribe(settings.filterSubject(), (message) -> run.ring());
        shared.reconnects().add(run.ringing);
        long check = settings.ackWait().toMillis();
        run.check = shared.executor().scheduleWithFixedDelay(run::check, check, check, TimeUnit.MILLISECONDS);
        run.ring();
    }

    /**
     * Stops pulling and returns once the messages already taken are handled and acknowledged. A
     * pull waiting in its fetch has taken nothing: it is not waited for; it gives back whatever
     * the fetch still brings, for redelivery at once, and ends by itself.
     */
    public synchronized void stop() throws InterruptedException {
        Run run = current;
        current = null;
        if (run == null) {
            return;
        }
        run.running = false;
        run.check.cancel(false);
        shared.reconnects().remove(run.ringing);
        try {
            shared.doorbells().unsubscribe(run.doorbell);
        } catch (RuntimeException e) {
            // The process closed its shared dispatcher (or the connection) first: nothing rings any more.
            log.debug("Unsubscribing the doorbell of {} failed: {}", settings.durable(), e.toString());
        }
        // Read after running is cleared: a pull that is not fetching now will see it cleared
        // before it handles anything more, and one that is has nothing in hand.
        if (!run.fetching) {
            run.pulling.lockInterruptibly();
            try {
                run.closeSubscription();
            } finally {
                run.pulling.unlock();
            }
        }
    }

    /** Messages handled and acknowledged since start. */
    public long handled() {
        return handled.get();
    }

    /** Messages in the stream not yet delivered to this consumer, for lag reports. */
    public long pending() {
        try {
            return consumerInfo().getNumPending();
        } catch (IOException | JetStreamApiException e) {
            return -1;
        }
    }

    public String lastError() {
        return lastError;
    }

    private ConsumerInfo consumerInfo() throws IOException, JetStreamApiException {
        return connection.jetStreamManagement().getConsumerInfo(settings.stream(), settings.durable());
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

    /** One start's pulls: whether it is to go on, its doorbell and check, and its pull subscription. */
    private final class Run {

        volatile boolean running = true;

        volatile boolean fetching;

        Subscription doorbell;

        ScheduledFuture<?> check;

        /** Held while pulling: one pull of a run at a time, and stop waits for one settling messages. */
        final ReentrantLock pulling = new ReentrantLock();

        /** Rung since the last pull began (a pull then takes what there is until a fetch is empty). */
        private final AtomicBoolean rung = new AtomicBoolean();

        /**
         * Whether the consumer may hold messages a pull has not taken: set by every ring (the start
         * rings too), cleared by a check that finds nothing pending or handed out.
         */
        private final AtomicBoolean mayHold = new AtomicBoolean(true);

        /** {@link #ring()}, one instance, to add to and remove from the reconnect rings. */
        final Runnable ringing = this::ring;

        /** A pull is queued or running. */
        private final AtomicBoolean queued = new AtomicBoolean();

        /** Used by one pull at a time (under {@link #pulling}). */
        private JetStreamSubscription subscription;

        void ring() {
            mayHold.set(true);
            rung.set(true);
            if (running && queued.compareAndSet(false, true)) {
                try {
                    shared.executor().execute(this::pull);
                } catch (RejectedExecutionException e) {
                    // The process is closing its shared threads.
                    queued.set(false);
                }
            }
        }

        /**
         * Rings when the consumer holds messages: pending, or handed out and perhaps due again.
         * Asks only while it may hold some (see the class).
         */
        void check() {
            // Cleared before asking: a ring while the answer is on its way sets it again.
            if (!mayHold.getAndSet(false)) {
                return;
            }
            try {
                ConsumerInfo info = consumerInfo();
                if (info.getNumPending() > 0 || info.getNumAckPending() > 0) {
                    ring();
                }
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                // NATS down or the consumer gone: the pull says so (lastError) and retries.
                ring();
            }
        }

        private void pull() {
            boolean failed = false;
            pulling.lock();
            try {
                while (running && !failed && rung.getAndSet(false)) {
                    failed = takeUntilEmpty();
                }
                if (!running) {
                    closeSubscription();
                }
            } finally {
                queued.set(false);
                pulling.unlock();
            }
            if (failed && running) {
                try {
                    shared.executor().schedule(this::ring, FAILURE_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // The process is closing its shared threads.
                }
            } else if (running && rung.get()) {
                ring();
            }
        }

        /**
         * Fetches and settles until a fetch is empty; true when something failed: a message
         * given back for redelivery after a pause, or the fetch itself (NATS down), to be pulled
         * again after that pause.
         */
        private boolean takeUntilEmpty() {
            while (running) {
                try {
                    if (subscription == null) {
                        subscription = connection.jetStream().subscribe(settings.filterSubject(),
                                PullSubscribeOptions.bind(settings.stream(), settings.durable()));
                    }
                    // Never ask for more than may be pending: a pull for more waits its full expiry for
                    // messages the server will not hand out before these are acknowledged.
                    List<Message> messages;
                    fetching = true;
                    try {
                        messages = subscription.fetch(Math.min(settings.fetchBatch(), settings.maxAckPending()), FETCH_WAIT);
                    } finally {
                        fetching = false;
                    }
                    if (!running) {
                        // Stopped during the fetch, without waiting for it: give these back.
                        messages.forEach(Message::nak);
                        return false;
                    }
                    if (messages.isEmpty()) {
                        return false;
                    }
                    if (!settle(messages)) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (Exception e) {
                    if (!running) {
                        return false;
                    }
                    // NATS down or the consumer gone: unacknowledged messages stay in JetStream; try again.
                    lastError = e.getMessage();
                    log.warn("Consuming {} failed, retrying: {}", settings.durable(), e.toString());
                    closeSubscription();
                    return true;
                }
            }
            return false;
        }

        void closeSubscription() {
            if (subscription != null) {
                try {
                    subscription.unsubscribe();
                } catch (RuntimeException e) {
                    log.debug("Unsubscribing {} failed: {}", settings.durable(), e.toString());
                }
                subscription = null;
            }
        }
    }

    /** Handles, acknowledges and deletes each message; false when one was given back for redelivery. */
    private boolean settle(List<Message> messages) throws InterruptedException {
        boolean settled = true;
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
                settled = false;
            }
        }
        return settled;
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
}

package io.sluice.worker.lane;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.nats.client.JetStream;
import io.nats.client.Message;
import io.sluice.retry.Backoff;
import io.sluice.worker.consume.StoppableWaits;
import io.sluice.worker.consume.StreamCursor;
import io.sluice.worker.purge.InputPurger;
import io.sluice.worker.purge.LanePurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one lane while this replica holds it: reads the lane's batches in stream order and keeps
 * up to {@code maxInFlight} of them in flight — each handed to the stage's {@link LaneHandler} in
 * stream order, which processes them concurrently and publishes their outputs in that order with
 * ids derived from the inputs' — and records the lane's progress only up to the last batch before
 * which every output is acknowledged.
 *
 * <p>Exactly-once rests on the idempotency of a batch, not on this replica being alone: a batch
 * processed again (after a crash, a failure, or by a replica that took the lane over while this
 * one still ran) comes out the same, as every {@link LaneHandler} promises. Its output is not
 * published twice: whenever the lane (re)starts it asks the output subject how far outputs are
 * stored (a lane's outputs are published in order without gaps, see {@link LaneHandler}) and
 * publishes nothing for inputs up to there, however long ago they were published; an output
 * republished by a replica racing this one carries the same {@code Nats-Msg-Id}, which JetStream
 * drops within its duplicate window. The lease only keeps replicas from doing the same work twice,
 * and progress is written by compare-and-set, so a replica that lost the lane stops at its next
 * write.
 *
 * <h2>Parked lanes</h2>
 * A lane runs on a thread of the stage's pool only while it has work ({@link LaneParking}). With
 * nothing in flight it pulls twice (up to a second each), the second time with its doorbell
 * listening; when that pull ends empty the lane parks. Its timer brings it back when its lease is
 * due for renewal (an idle lane's every 2 minutes): it writes the renewal and parks again without
 * reading, unless {@link LaneParking#LOOK_EVERY} passed since it last looked and a look finds a
 * batch it has not read. A ring or a release brings it back to read. Until 2026-12-07 an idle lane
 * held a thread and pulled every 15 s.
 */
final class LaneRunner implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LaneRunner.class);
    private static final Duration BUSY_WAIT = Duration.ofMillis(10);
    private static final Duration HEAD_WAIT = Duration.ofMillis(100);
    // Progress is written at most this often while batches complete: a crash replays at most this
    // much more than what was in flight, and the lanes bucket sees a few writes a second, not hundreds.
    private static final long COMMIT_INTERVAL_MILLIS = 100;

    /**
     * @param maxInFlight   batches of the lane being processed or published at once
     * @param lease         how long the lane stays ours without a progress write
     * @param purgeInterval how often processed input is purged from the stream
     */
    record Settings(String pipelineId, Lane lane, String replica, String stream, int maxInFlight, Duration lease,
            Duration purgeInterval) {
    }

    private final Settings settings;
    private final LaneLease lease;
    private final LaneStore store;
    private final JetStream jetStream;
    private final LaneHandler handler;
    private final LanePurge purge;
    private final Backoff backoff;
    private final Clock clock;
    private final Runnable announce;
    private boolean announced;
    private volatile boolean releasing;
    private final StoppableWaits waits = new StoppableWaits();
    private volatile boolean ended;
    // Null only where a test runs the lane on a thread of its own (it never parks there).
    private final LaneParking parking;
    // The last long pull ended empty with the doorbell listening: the lane may park.
    private boolean dozing;
    private int emptyPulls;
    // What a serve leaves to the next after parking.
    private InFlightWindow window;
    private StreamCursor cursor;
    private int attempt;
    private long publishedThrough = -1;
    private CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
    private volatile long pending;
    private volatile String lastError;
    private long processedSeq;
    private long committedSeq;
    private long revision;
    private long lastWriteMillis;
    // The lease the last write of the record gave this replica (LaneLease: short or idle).
    private long writtenLease;

    /**
     * @param taken   the lane's record as this replica wrote it when taking the lane
     * @param threads  where the lane runs, and the doorbell that wakes it from parking
     * @param announce called once the first batch of this run is done, its outputs stored: the
     *                 pipeline's lane bell, since they may be a new lane of the stage after
     */
    LaneRunner(Settings settings, LaneStore store, LaneStore.Versioned taken, JetStream jetStream, LaneHandler handler,
            InputPurger purger, Backoff backoff, Clock clock, LaneThreads threads, Runnable announce) {
        this.settings = settings;
        this.lease = LaneLease.of(settings.lease());
        this.store = store;
        this.jetStream = jetStream;
        this.handler = handler;
        this.backoff = backoff;
        this.clock = clock;
        this.announce = announce;
        this.processedSeq = taken.progress().processedSeq();
        this.committedSeq = this.processedSeq;
        this.revision = taken.revision();
        this.lastWriteMillis = clock.millis();
        this.writtenLease = lease.busyMillis();
        this.purge = new LanePurge(purger, settings.stream(), settings.purgeInterval(), settings.lane().key(), lastWriteMillis);
        this.parking = threads == null ? null
                : new LaneParking(threads, settings.stream(), settings.lane().subject(), threads.threadName(settings.lane().key()), this, lastWriteMillis);
    }

    /** Runs the lane on the stage's threads. */
    void start() {
        parking.start();
    }

    /**
     * Stop reading, finish the batches in flight, record the progress and free the lane. A lane
     * waiting for its next message with nothing in flight stops waiting at once.
     */
    void release() {
        releasing = true;
        waits.stop();
        if (parking != null) {
            parking.wake();
        }
    }

    /** Whether the lane ended: it was released, lost, or its lease ran out. */
    boolean ended() {
        return ended;
    }

    /**
     * Waits until the lane ended; after {@code timeout}, interrupts the thread serving it (a batch
     * that never completes) and waits for the end.
     */
    void awaitEnd(Duration timeout) throws InterruptedException {
        parking.awaitEnd(timeout);
    }

    Lane lane() {
        return settings.lane();
    }

    long pending() {
        return pending;
    }

    String lastError() {
        return lastError;
    }

    /** Serves the lane until it ends or parks (then a ring, a timer or a release runs it again). */
    @Override
    public void run() {
        boolean parks = false;
        try {
            parks = serve();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!parks) {
                finish();
            }
        }
        if (parks) {
            park();
        }
    }

    private void finish() {
        if (cursor != null) {
            cursor.close();
        }
        ended = true;
        if (parking != null) {
            parking.ended();
        }
    }

    /** Until the lease is due for renewal, or a look though nothing rang. */
    private void park() {
        long now = clock.millis();
        long renewal = lastWriteMillis + writtenLease / 3 - now;
        parking.park(Duration.ofMillis(Math.min(renewal, parking.untilLook(now).toMillis())));
    }

    /** @return true to park, false once the lane ended */
    private boolean serve() throws InterruptedException {
        if (window == null) {
            window = new InFlightWindow();
            cursor = new StreamCursor(jetStream, settings.stream(), settings.lane().subject(), processedSeq + 1);
        }
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (publishedThrough < 0) {
                    // Outputs of batches after the recorded progress may be stored already (the
                    // lane's last owner died before recording them): never publish those again.
                    publishedThrough = handler.publishedThrough(settings.lane());
                }
                long done = window.takeDone();
                if (done > processedSeq) {
                    processedSeq = done;
                    attempt = 0;
                    lastError = null;
                    if (!announced) {
                        announced = true;
                        announce.run();
                    }
                }
                Throwable failure = window.headFailure();
                if (failure != null) {
                    throw new BatchFailedException(failure);
                }
                long now = clock.millis();
                if (now - lastWriteMillis >= writtenLease) {
                    // Our lease ran out unrenewed: another replica may serve the lane by now.
                    log.warn("Lane {} not renewed within its lease, leaving it", settings.lane().key());
                    return false;
                }
                if (releasing && window.isEmpty()) {
                    write(now, null, 0);
                    return false;
                }
                boolean progressDue = processedSeq > committedSeq && now - lastWriteMillis >= COMMIT_INTERVAL_MILLIS;
                if (progressDue || LaneLease.renewalDue(now - lastWriteMillis, writtenLease)) {
                    boolean idle = window.isEmpty() && processedSeq == committedSeq;
                    if (!write(now, settings.replica(), lease.millis(idle))) {
                        return false;
                    }
                    // Only input whose progress is recorded goes: a replica taking over never
                    // looks for a purged batch.
                    purge.purgeIfDue(now);
                }
                if (!releasing && window.size() < settings.maxInFlight()) {
                    // A fetch returns early only once it has as many messages as asked for: with
                    // nothing in flight ask for one (and wait for it), else for the room left but
                    // only briefly, so that finished batches are taken and recorded meanwhile.
                    List<Message> messages;
                    if (window.isEmpty()) {
                        if (dozing && !parking.mustRead(now, cursor.nextSeq())) {
                            // Woken to renew the lease (written above), and no batch rang.
                            return true;
                        }
                        // With nothing in flight, wait for one message (it ends the wait, so the
                        // wait costs no latency); a release ends that wait too. First without
                        // the doorbell: a busy lane's next batch is usually that close, and a
                        // doorbell would be sent it too. Then with it, before parking.
                        if (emptyPulls > 0) {
                            parking.listen();
                        }
                        StreamCursor reading = cursor;
                        Duration wait = LaneLease.idlePull(writtenLease);
                        parking.reading(now);
                        messages = waits.await(() -> reading.fetch(1, wait), List.of());
                        emptyPulls = messages.isEmpty() ? emptyPulls + 1 : 0;
                        dozing = messages.isEmpty() && parking.listening();
                    } else {
                        messages = cursor.fetch(settings.maxInFlight() - window.size(), BUSY_WAIT);
                    }
                    if (!messages.isEmpty()) {
                        parking.silence();
                    }
                    if (!messages.isEmpty() && lease.mustShortenBeforeWork(writtenLease)
                            && !write(clock.millis(), settings.replica(), lease.busyMillis())) {
                        return false;
                    }
                    for (Message message : messages) {
                        long seq = message.metaData().streamSequence();
                        if (seq <= publishedThrough) {
                            window.add(seq, CompletableFuture.completedFuture(null));
                        } else {
                            previous = start(message, previous);
                            window.add(seq, previous);
                        }
                    }
                    pending = cursor.pending();
                } else {
                    window.awaitHead(HEAD_WAIT);
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // The stage's store (Redis) or NATS failed for a batch: the batches after it may
                // have been processed and published already, which is harmless (they come out
                // the same again).
                // Start over after the last batch done, once the backoff passed.
                attempt++;
                lastError = e.getCause() != null && e instanceof BatchFailedException ? e.getCause().getMessage() : e.getMessage();
                log.warn("Lane {} failed (attempt {}), resuming after sequence {}: {}", settings.lane().key(), attempt,
                        processedSeq, lastError);
                window.clear();
                publishedThrough = -1;
                previous = CompletableFuture.completedFuture(null);
                dozing = false;
                emptyPulls = 0;
                cursor.close();
                cursor = new StreamCursor(jetStream, settings.stream(), settings.lane().subject(), processedSeq + 1);
                // Not cut short by a release: a releasing lane whose progress write failed would
                // otherwise retry it at once, again and again, while NATS refuses.
                Thread.sleep(backoff.delay(attempt).toMillis());
            }
        }
        return false;
    }

    private CompletableFuture<?> start(Message message, CompletableFuture<?> previous) {
        try {
            return handler.handle(message, previous);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Records the progress and renews the lane for {@code leaseMillis} (or, with no owner, frees
     * it); false if the lane was taken from us.
     */
    private boolean write(long now, String owner, long leaseMillis) throws Exception {
        LaneProgress progress = new LaneProgress(processedSeq, owner, owner == null ? 0 : now + leaseMillis);
        long written = store.compareAndSet(settings.lane().key(), revision, progress);
        if (written == LaneStore.LOST) {
            log.info("Lane {} was taken over by another replica", settings.lane().key());
            return false;
        }
        revision = written;
        committedSeq = processedSeq;
        if (committedSeq > 0) {
            purge.committed(settings.lane().subject(), committedSeq);
        }
        lastWriteMillis = now;
        writtenLease = leaseMillis;
        return true;
    }

    /** The first batch in flight could not be processed. */
    static final class BatchFailedException extends Exception {

        BatchFailedException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}

package io.sluice.worker.lane;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a lane's loop on the stage's pool ({@link LaneThreads}) only while it has work: the loop
 * {@link #park}s when it has none and a ring of its doorbell, its timer or a {@link #wake} runs it
 * again, on whichever pool thread is free. Until 2026-12-07 each lane of dedup, join and the sink
 * had a thread of its own for as long as the replica held it, idle or not.
 *
 * <h2>The doorbell</h2>
 * A core NATS subscription to the lane's subject on the stage's one dispatcher. A loop that is
 * about to park subscribes it ({@link #listen}) and then reads its stream once more, a read sent
 * after the subscription on the same connection and waiting up to a second: a batch stored after
 * the server took the subscription rings it, and one stored before is in the stream for that read. So a loop parks only after a
 * read that found nothing while the doorbell listened. The loop unsubscribes it ({@link #silence})
 * as soon as a read brings messages, so that a busy lane is not sent its batches twice.
 *
 * <p>Core NATS delivers at most once: a batch published while the connection was down rings
 * nothing. So a reconnect rings every doorbell ({@link LaneThreads}), and each loop also looks at
 * its stream every {@link #LOOK_EVERY} though nothing rang: it asks for the subject's last stored
 * message and reads only when that is one it has not read ({@link #mustRead}). Until 2026-12-07
 * each look read, through a consumer started for it and two pulls of a second: at 200 idle
 * pipelines, dedup's and the sink's looks were NATS's largest idle work.
 *
 * <p>Only the loop, one run at a time, calls {@link #listen}, {@link #silence}, {@link #mustRead},
 * {@link #reading}, {@link #park} and {@link #ended}; {@link #wake} and the doorbell may come from any thread.
 */
public final class LaneParking {

    private static final Logger log = LoggerFactory.getLogger(LaneParking.class);

    /**
     * How long each of the reads before parking waits for a message: long enough for a busy lane's
     * next batch (ingest lingers 100 ms) to end the first, short because the lane holds its thread
     * meanwhile.
     */
    public static final Duration IDLE_READ = Duration.ofSeconds(1);

    /** How often a parked loop reads its stream though its doorbell did not ring. */
    public static final Duration LOOK_EVERY = Duration.ofMinutes(2);

    private final LaneThreads threads;
    private final String stream;
    private final String subject;
    private final String name;
    private final Runnable loop;
    // Parked: no run is going on or queued; whoever sets it back to false first runs the loop.
    private final AtomicBoolean parked = new AtomicBoolean();
    private volatile boolean rung;
    // A wake came since the current run began: a park that follows runs the loop again at once.
    private volatile boolean woken;
    private final Runnable ringing = this::ring;
    private ScheduledFuture<?> timer;
    private Subscription doorbell;
    private long lastReadMillis;
    private volatile CountDownLatch end = new CountDownLatch(0);
    // The thread running the loop now, if any: a stop that waited too long interrupts it.
    private volatile Thread serving;

    /**
     * @param nowMillis when the lane was taken: its first read counts from here
     * @param stream    the stream holding the lane's input
     * @param subject   what the doorbell listens to and a look asks about: the lane's input subject
     *                  (may be a wildcard)
     * @param name    the name of the pool thread while it runs the loop
     * @param loop    runs until it parks (and calls {@link #park} last) or the lane ends
     */
    public LaneParking(LaneThreads threads, String stream, String subject, String name, Runnable loop, long nowMillis) {
        this.threads = threads;
        this.stream = stream;
        this.subject = subject;
        this.name = name;
        this.loop = loop;
        this.lastReadMillis = nowMillis;
    }

    /** Runs the loop on the pool: at the lane's start, or again after it ended for a pause. */
    public void start() {
        end = new CountDownLatch(1);
        resume();
    }

    private void resume() {
        threads.run(name, () -> {
            woken = false;
            serving = Thread.currentThread();
            loop.run();
        });
    }

    /**
     * Once the lane ended (the last thing its loop does then): no doorbell, no timer, and
     * {@link #awaitEnd} returns.
     */
    public void ended() {
        serving = null;
        silence();
        if (timer != null) {
            timer.cancel(false);
        }
        end.countDown();
    }

    /**
     * Waits until the loop {@link #ended}; after {@code timeout}, interrupts the thread running it
     * (a batch or an insert that never completes) and waits for the end.
     */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        CountDownLatch latch = end;
        if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            Thread thread = serving;
            if (thread != null) {
                thread.interrupt();
            }
            latch.await();
        }
    }

    /**
     * Subscribes the doorbell if it is not. Not flushed: the read that follows is sent after it on
     * the same connection, and the server takes a connection's messages in order. (A flush per
     * doorbell sends a ping each; lanes parking together had more pings outstanding than the NATS
     * client allows, which then drops the connection as stale.)
     */
    public void listen() {
        if (doorbell == null) {
            doorbell = threads.doorbells().subscribe(subject, message -> ring());
            threads.reconnects().add(ringing);
        }
    }

    /** Whether the doorbell listens. */
    public boolean listening() {
        return doorbell != null;
    }

    /** Unsubscribes the doorbell, if it listens. */
    public void silence() {
        if (doorbell != null) {
            threads.reconnects().remove(ringing);
            try {
                threads.doorbells().unsubscribe(doorbell);
            } catch (RuntimeException e) {
                // The dispatcher or the connection is closed: nothing rings any more.
            }
            doorbell = null;
        }
    }

    /**
     * Whether a loop that parked after an empty read must read its stream again: its doorbell rang
     * since it last asked (something was published to the lane), or a look finds a message it has
     * not read. A look comes {@link #LOOK_EVERY} after the last read or look, and asks only for the
     * subject's last stored message: one request, no consumer, no pull. A look that fails reads.
     *
     * @param nextSeq the first stream sequence the loop has not read
     */
    public boolean mustRead(long nowMillis, long nextSeq) {
        if (rung) {
            rung = false;
            return true;
        }
        if (nowMillis - lastReadMillis < threads.lookEvery().toMillis()) {
            return false;
        }
        lastReadMillis = nowMillis;
        try {
            // A message stored after this answer rings the doorbell, which listens while parked.
            return threads.lastStored(stream, subject) >= nextSeq;
        } catch (Exception e) {
            log.debug("Looking at {} of stream {} failed, reading it instead: {}", subject, stream, e.toString());
            return true;
        }
    }

    /** The loop reads its stream now. */
    public void reading(long nowMillis) {
        lastReadMillis = nowMillis;
    }

    /** How long until a parked loop looks at its stream though nothing rang. */
    public Duration untilLook(long nowMillis) {
        return Duration.ofMillis(Math.max(0, lastReadMillis + threads.lookEvery().toMillis() - nowMillis));
    }

    /**
     * Hands the thread back to the pool until a ring, a {@link #wake}, or {@code after}. The last
     * thing a run of the loop does; a wake that came during the run runs the loop again at once.
     */
    public void park(Duration after) {
        // Before the lane can run again on another thread, which then serves it.
        serving = null;
        if (timer != null) {
            timer.cancel(false);
        }
        timer = threads.ticks().schedule(this::wake, Math.max(10, after.toMillis()), TimeUnit.MILLISECONDS);
        parked.set(true);
        if (woken) {
            wake();
        }
    }

    private void ring() {
        rung = true;
        wake();
    }

    /** Runs the loop again if it is parked; else its next park returns at once. */
    public void wake() {
        woken = true;
        if (parked.compareAndSet(true, false)) {
            try {
                resume();
            } catch (RejectedExecutionException e) {
                // The process is shutting down: the loop's lane lapses, as on a crash.
            }
        }
    }
}

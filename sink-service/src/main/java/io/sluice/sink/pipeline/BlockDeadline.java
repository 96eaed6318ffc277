package io.sluice.sink.pipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When a lane stops adding messages to a block and inserts it. Pure.
 *
 * <p>{@code maxDelay} bounds how long a row waits in the sink's input stream before its insert
 * begins, counted from when NATS stored the block's first message, not from when the lane read it.
 * A lane reads its next block only after inserting the last, so the next block's first messages
 * have waited for that insert already; counted from the read, the insert's time came on top of
 * {@code maxDelay} for those rows (about a second of p99 latency in the benchmark, docs/sink.md).
 *
 * <p>Never later than {@code maxDelay} after the read: a NATS clock ahead of this host's cannot make
 * a block wait longer than that; one behind it ends blocks early, once nothing more is at hand.
 *
 * <p>Past the deadline a block still takes what the stream holds for it already (messages pending
 * for its consumer, fetched without waiting), so a lane that is behind reads full blocks, not a
 * message at a time; it ends once none is pending or a fetch brought nothing.
 */
final class BlockDeadline {

    private BlockDeadline() {
    }

    /**
     * @param readNanos    {@link System#nanoTime()} when the lane read the block's first message
     * @param nowMillis    this host's wall clock then
     * @param storedMillis when NATS stored that message, by NATS's clock
     * @return the {@link System#nanoTime()} after which the block ends
     */
    static long of(long readNanos, long nowMillis, long storedMillis, Duration maxDelay) {
        long leftMillis = storedMillis + maxDelay.toMillis() - nowMillis;
        long left = Math.max(0, Math.min(maxDelay.toNanos(), TimeUnit.MILLISECONDS.toNanos(leftMillis)));
        return readNanos + left;
    }

    /**
     * Whether the block ends now.
     * @param pending        messages the stream holds for the block's consumer after the last one read
     * @param lastFetchEmpty whether the last fetch brought nothing
     */
    static boolean ends(long nowNanos, long deadlineNanos, long pending, boolean lastFetchEmpty) {
        return nowNanos - deadlineNanos >= 0 && (pending == 0 || lastFetchEmpty);
    }
}

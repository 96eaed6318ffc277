package io.sluice.worker.lane;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The batches of one lane in flight, in stream order. Batches finish in any order, but only the
 * leading finished ones count as processed: the lane's progress never passes a batch whose output
 * is not acknowledged. Used by the lane's thread only.
 */
final class InFlightWindow {

    private record Entry(long seq, CompletableFuture<?> done) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    void add(long seq, CompletableFuture<?> done) {
        if (!entries.isEmpty() && entries.peekLast().seq() >= seq) {
            throw new IllegalArgumentException("batches enter in stream order: " + seq + " after " + entries.peekLast().seq());
        }
        entries.addLast(new Entry(seq, done));
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Removes the leading batches that finished successfully.
     * @return the stream sequence of the last of them, or 0 if the first batch is not done
     */
    long takeDone() {
        long last = 0;
        while (!entries.isEmpty() && entries.peekFirst().done().isDone()
                && !entries.peekFirst().done().isCompletedExceptionally()) {
            last = entries.pollFirst().seq();
        }
        return last;
    }

    /** Why the first batch failed, or null if it did not (yet). */
    Throwable headFailure() {
        Entry head = entries.peekFirst();
        if (head == null || !head.done().isCompletedExceptionally()) {
            return null;
        }
        try {
            head.done().join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** Waits up to {@code timeout} for the first batch to finish, however it finishes. */
    void awaitHead(Duration timeout) throws InterruptedException {
        Entry head = entries.peekFirst();
        if (head == null) {
            return;
        }
        try {
            head.done().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Looked at by the caller through takeDone and headFailure.
        }
    }

    /** Forgets every batch in flight: they are read and processed again. */
    void clear() {
        entries.clear();
    }
}

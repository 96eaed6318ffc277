package io.sluice.worker.consume;

import java.time.Duration;

/**
 * The waits of a reading loop's thread that a stop cuts short: a pull for the next message with
 * nothing in flight, a backoff. The stop interrupts the thread only while it is inside such a wait,
 * so that the work in between (an insert, a progress write) is never cut short, and the interrupt
 * ends that wait only: the loop then finds itself stopping, and ends as it would have after the
 * wait. Idle loops can so wait long (few requests to NATS) and still stop at once.
 */
public final class StoppableWaits {

    /** A wait: a pull, a sleep. */
    @FunctionalInterface
    public interface Wait<T> {
        T run() throws Exception;
    }

    private Thread waiter;

    private boolean stopping;

    /** Ends the wait the loop is in, if any; every wait after this returns at once. */
    public synchronized void stop() {
        stopping = true;
        if (waiter != null) {
            waiter.interrupt();
        }
    }

    /** Lets waits wait again (the loop runs again after a pause). */
    public synchronized void resume() {
        stopping = false;
    }

    /** What {@code wait} returns; {@code whenStopping} at once, or its result cut short, once stopping. */
    public <T> T await(Wait<T> wait, T whenStopping) throws Exception {
        synchronized (this) {
            if (stopping) {
                return whenStopping;
            }
            waiter = Thread.currentThread();
        }
        try {
            return wait.run();
        } finally {
            synchronized (this) {
                waiter = null;
                if (stopping) {
                    // The stop's interrupt was for this wait, not for what the loop does next.
                    Thread.interrupted();
                }
            }
        }
    }

    /**
     * Sleeps, unless stopping or until stopping.
     * @throws InterruptedException if something else interrupted the sleep
     */
    public void sleep(Duration duration) throws InterruptedException {
        try {
            await(() -> {
                Thread.sleep(duration.toMillis());
                return null;
            }, null);
        } catch (InterruptedException e) {
            synchronized (this) {
                if (!stopping) {
                    throw e;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("a sleep cannot fail otherwise", e);
        }
    }
}

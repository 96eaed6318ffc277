package io.sluice.ingest.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that runs one source's Kafka consumer: subscribes to the topic, polls, and hands each
 * poll's records (or an idle turn) and the rebalances to the {@link SourceListener}, all on this
 * one thread, as a consumer requires. Each poll waits only until the listener has something due
 * ({@link SourceListener#pollWait()}, {@link PollPacing}): the thread of an idle source sleeps for
 * seconds, where a listener container polling at a fixed pace (the linger) turned ten times a
 * second per pipeline. Stopping wakes a waiting poll, so a stop is not held up by an idle wait.
 *
 * <p>Once the listener was quiet long enough, the loop <em>rests</em>: it settles and commits as
 * at a stop, closes the consumer (which leaves its group) and its thread ends; the watcher it
 * was given starts a new run when the topic has records to read (docs/ingest.md, "Quiet sources
 * rest").
 */
final class ConsumerLoop {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);

    // Wrong credentials or missing ACLs get fixed by someone eventually: keep trying, never stop.
    private static final Duration REFUSED_RETRY = Duration.ofSeconds(10);

    private static final Duration FAILURE_RETRY = Duration.ofSeconds(1);

    private final String name;

    private final String topic;

    private final Supplier<Consumer<byte[], byte[]>> consumers;

    private final SourceListener listener;

    private final Duration closeTimeout;

    private final Duration stopTimeout;

    private final Function<Runnable, SourceRests.Rest> rests;

    // Guards current, resting and restCount; never held while waiting for a run's thread. Start and
    // stop also hold this loop's monitor, so that a start waits for the stop before it; a run that
    // rests and a wake take only this.
    private final Object state = new Object();

    private Run current;

    // While the source rests: its watch, and which rest it is (a wake of an older one is late).
    private SourceRests.Rest resting;

    private long restCount;

    /**
     * @param closeTimeout how long closing the consumer may wait (why not longer: {@code SourceIngest})
     * @param stopTimeout  how long {@link #stop()} waits for the batches in flight and the last commit
     * @param rests        where the loop rests once its listener says it may ({@link SourceListener#restDue}):
     *                     given how to wake the loop, watches it until its topic has records to read
     */
    ConsumerLoop(String name, String topic, Supplier<Consumer<byte[], byte[]>> consumers, SourceListener listener,
            Duration closeTimeout, Duration stopTimeout, Function<Runnable, SourceRests.Rest> rests) {
        this.name = name;
        this.topic = topic;
        this.consumers = consumers;
        this.listener = listener;
        this.closeTimeout = closeTimeout;
        this.stopTimeout = stopTimeout;
        this.rests = rests;
    }

    /** Starts consuming on a thread of its own; returns at once. A resting loop is started already. */
    synchronized void start() {
        synchronized (state) {
            if (current == null && resting == null) {
                run();
            }
        }
    }

    /** Whether the loop rests: its consumer closed until its topic has records to read. */
    boolean resting() {
        synchronized (state) {
            return resting != null;
        }
    }

    private void run() {
        current = new Run();
        Thread thread = new Thread(current, name);
        thread.setDaemon(true);
        current.thread = thread;
        thread.start();
    }

    /**
     * Stops consuming: the listener settles the batches in flight and commits what JetStream
     * acknowledged, and the consumer leaves the group. Waits up to the stop timeout for that. A
     * resting loop only stops being watched.
     */
    synchronized void stop() {
        Run run;
        synchronized (state) {
            if (resting != null) {
                resting.cancel();
                resting = null;
            }
            run = current;
            current = null;
        }
        if (run == null) {
            return;
        }
        run.requestStop();
        try {
            run.thread.join(stopTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (run.thread.isAlive()) {
            log.warn("Consumer {} did not stop within {}; it stops once its batches in flight are settled", name, stopTimeout);
        }
    }

    /** A run that closed its consumer to rest: watched from now on, unless stopped meanwhile. */
    private void rested(Run run) {
        synchronized (state) {
            if (current != run) {
                return;
            }
            current = null;
            long rest = ++restCount;
            resting = rests.apply(() -> woken(rest));
        }
        log.info("Consumer {} rests: it had nothing to read, left its group and wakes when topic {} has records to read",
                name, topic);
    }

    private void woken(long rest) {
        synchronized (state) {
            if (resting == null || restCount != rest) {
                return;
            }
            resting = null;
            log.info("Consumer {} wakes: topic {} has records to read", name, topic);
            run();
        }
    }

    /** One start-to-stop of the consumer: a restart gets a new run, so a late old one only ever stops. */
    private final class Run implements Runnable {

        private Thread thread;

        // Guarded by this run's monitor: whether a stop was asked for, whether the consumer thread is
        // inside poll (only then may a stop wake it: a wakeup outside poll would end the listener's
        // next blocking call instead), and whether a wakeup was sent that no poll took yet.
        private Consumer<byte[], byte[]> consumer;

        private boolean stopRequested;

        private boolean polling;

        private boolean wakeupPending;

        synchronized void requestStop() {
            stopRequested = true;
            notifyAll();
            if (polling) {
                consumer.wakeup();
                wakeupPending = true;
            }
        }

        @Override
        public void run() {
            Consumer<byte[], byte[]> created = create();
            if (created == null) {
                return;
            }
            boolean rest = false;
            try {
                listener.starting();
                created.subscribe(List.of(topic), rebalances(created));
                rest = consume(created);
                takePendingWakeup(created);
                if (rest) {
                    listener.resting(created);
                } else {
                    listener.stopping(created);
                }
            } catch (RuntimeException e) {
                rest = false;
                log.error("Consumer {} ended unexpectedly", name, e);
            } finally {
                try {
                    created.close(CloseOptions.timeout(closeTimeout));
                } catch (RuntimeException e) {
                    log.warn("Closing consumer {} failed: {}", name, e.toString());
                }
            }
            if (rest) {
                rested(this);
            }
        }

        /** The consumer, created again and again while Kafka's client refuses the settings; null if stopped first. */
        private Consumer<byte[], byte[]> create() {
            while (true) {
                try {
                    Consumer<byte[], byte[]> created = consumers.get();
                    synchronized (this) {
                        consumer = created;
                    }
                    return created;
                } catch (KafkaException e) {
                    String reason = "the Kafka consumer of topic " + topic + " cannot start ("
                            + SourceListener.describe(e) + "); retrying";
                    log.warn("{}: {}", name, reason);
                    listener.refused(reason);
                    if (!pause(REFUSED_RETRY)) {
                        return null;
                    }
                }
            }
        }

        /** Polls until stopped (false) or until the listener may rest (true). */
        private boolean consume(Consumer<byte[], byte[]> consumer) {
            while (true) {
                synchronized (this) {
                    if (stopRequested) {
                        return false;
                    }
                    polling = true;
                }
                ConsumerRecords<byte[], byte[]> records = null;
                Duration retry = null;
                try {
                    records = consumer.poll(listener.pollWait());
                } catch (WakeupException e) {
                    synchronized (this) {
                        wakeupPending = false;
                    }
                } catch (AuthenticationException | AuthorizationException e) {
                    listener.refused("Kafka refused the consumer of topic " + topic + " (" + SourceListener.describe(e)
                            + "); retrying");
                    retry = REFUSED_RETRY;
                } catch (RuntimeException e) {
                    // Includes what a rebalance callback threw: the partitions recover from the stream.
                    log.warn("Consumer {}: poll failed, retrying: {}", name, e.toString());
                    retry = FAILURE_RETRY;
                } finally {
                    synchronized (this) {
                        polling = false;
                    }
                }
                if (retry != null) {
                    if (!pause(retry)) {
                        return false;
                    }
                    continue;
                }
                synchronized (this) {
                    if (stopRequested || records == null) {
                        // Records of the poll a stop ended are left unread: only what JetStream
                        // acknowledged is ever committed, so the next owner reads them.
                        continue;
                    }
                }
                try {
                    if (records.isEmpty()) {
                        listener.idle(consumer);
                        if (listener.restDue()) {
                            return true;
                        }
                    } else {
                        listener.records(consumer, records);
                    }
                } catch (RuntimeException e) {
                    log.error("Consumer {}: the listener failed; going on", name, e);
                    if (!pause(FAILURE_RETRY)) {
                        return false;
                    }
                }
            }
        }

        /**
         * A stop that woke the poll just as it returned by itself left the wakeup pending, for the
         * next blocking call, the final commit: a poll of nothing (every partition paused) takes it.
         */
        private void takePendingWakeup(Consumer<byte[], byte[]> consumer) {
            synchronized (this) {
                if (!wakeupPending) {
                    return;
                }
                wakeupPending = false;
            }
            try {
                consumer.pause(consumer.assignment());
                consumer.poll(Duration.ZERO);
            } catch (WakeupException expected) {
                // Taken.
            }
        }

        /** Waits, unless a stop comes first; false if stopped. */
        private synchronized boolean pause(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (!stopRequested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        private ConsumerRebalanceListener rebalances(Consumer<byte[], byte[]> consumer) {
            return new ConsumerRebalanceListener() {

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    listener.revoked(consumer, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    listener.assigned(consumer, partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    listener.lost(partitions);
                }
            };
        }
    }
}

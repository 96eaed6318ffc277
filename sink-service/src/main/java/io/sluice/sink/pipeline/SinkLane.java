package io.sluice.sink.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.sluice.model.clickhouse.TableDeduplication;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.retry.Backoff;
import io.sluice.sink.batch.BatchAssembler;
import io.sluice.sink.batch.RejectedRecord;
import io.sluice.sink.batch.SinkBatch;
import io.sluice.sink.batch.ReadMessage;
import io.sluice.sink.batch.StreamMessage;
import io.sluice.sink.clickhouse.BlockMemory;
import io.sluice.sink.clickhouse.ClickHouseFailureException;
import io.sluice.sink.clickhouse.ClickHouseWriter;
import io.sluice.sink.clickhouse.InsertResult;
import io.sluice.sink.column.RowEncoder;
import io.sluice.sink.progress.Intent;
import io.sluice.sink.progress.Plan;
import io.sluice.sink.progress.Progress;
import io.sluice.sink.progress.ProgressPlanner;
import io.sluice.sink.progress.ProgressStore;
import io.sluice.sink.share.SinkShare;
import io.sluice.worker.consume.StoppableWaits;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.LaneParking;
import io.sluice.worker.lane.LaneThreads;
import io.sluice.worker.purge.InputPurger;
import io.sluice.worker.purge.LanePurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one lane (one input subject of a pipeline) into ClickHouse, block by block:
 * read the next messages, record the block's sequence range as the lane's intent, insert, commit.
 * Any replica may run any lane; the intent and compare-and-set on the lane's progress make a
 * block land exactly once (see {@link ProgressPlanner}).
 *
 * <p>The lane runs on a thread of the sink's pool only while it has work ({@link LaneParking}).
 * With nothing to read it waits for a first message twice (up to a second each), the second time
 * with its doorbell listening, then parks; a message published to the lane rings it back at once,
 * and its timer every {@code idleWait} (by default when it must look at its stream anyway). What
 * an idle lane could learn from its progress comes with a ring: another replica records an insert
 * only of messages published to the lane, which rang it too, and a hold's lapse is timed by the
 * standby's own timer. So the timer only bounds how long a ring lost to a reconnect goes unnoticed.
 * A replica standing by, or waiting for another's
 * insert, parks until it looks again. Until 2026-12-07 each lane held a thread for as long as its
 * pipeline ran.
 */
final class SinkLane implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SinkLane.class);

    private final Settings settings;
    private final ProgressStore progress;
    private final RangeReader reader;
    private final RowEncoder encoder;
    private final ClickHouseWriter writer;
    private final BlockMemory blocks;
    private final DeadLetterPublisher deadLetters;
    private final SinkMetrics metrics;
    private final Backoff backoff;
    private final LanePurge purge;
    private final SinkShare share;
    private final Clock clock;
    private volatile boolean running = true;
    private final StoppableWaits waits = new StoppableWaits();
    private volatile String lastError;
    private volatile boolean failed;
    // Another replica holds the lane: this one reads nothing (Plan.Standby).
    private volatile boolean standingBy;
    // When this replica last handed the lane over (0: not since it last took it).
    private long handedOverAt;
    private final LaneParking parking;
    private boolean joined;
    // Reads in a row that found nothing; the last one with the doorbell listening: the lane may park.
    private int emptyReads;
    private boolean dozing;
    private Duration parkFor;

    /**
     * @param lane     key of the lane's progress, e.g. {@code orders-dedup.orders}
     * @param replica  this replica's name, recorded as the owner of the intents it writes
     * @param lease    how long another replica waits for this one's insert before taking it over
     * @param stream   the stream the lane reads, and
     * @param subject  the lane's input subjects (a wildcard over the lanes of the stage before)
     * @param purgeInterval how often processed input is purged
     * @param maxBlockBytes   most bytes of input per block, whatever {@code maxBatchSize} allows
     * @param deduplication   how the table drops a replayed insert, read at start (null: unknown)
     * @param allowAtLeastOnce the pipeline accepts a replay the table may no longer recognise
     * @param idleWait        how long a step waits for the first message of a block before it starts over
     *                        (reads its progress again): a stop cuts the wait short (SinkProperties)
     */
    record Settings(String pipelineId, String lane, String replica, String database, String table, int maxBatchSize,
            long maxBlockBytes, Duration maxDelay, Duration lease, String stream, String subject, Duration purgeInterval,
            TableDeduplication deduplication, boolean allowAtLeastOnce, Duration idleWait) {
    }

    SinkLane(Settings settings, ProgressStore progress, RangeReader reader, RowEncoder encoder, ClickHouseWriter writer,
            BlockMemory blocks, DeadLetterPublisher deadLetters, SinkMetrics metrics, Backoff backoff, InputPurger purger,
            SinkShare share, Clock clock, LaneThreads threads) {
        this.settings = settings;
        this.progress = progress;
        this.reader = reader;
        this.encoder = encoder;
        this.writer = writer;
        this.blocks = blocks;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.backoff = backoff;
        this.share = share;
        this.clock = clock;
        this.purge = new LanePurge(purger, settings.stream(), settings.purgeInterval(), settings.lane(), clock.millis());
        this.parking = new LaneParking(threads, settings.stream(), settings.subject(), threads.threadName(settings.lane()),
                this, clock.millis());
    }

    /** Runs the lane on the sink's threads, until {@link #stop()}. */
    void start() {
        parking.start();
    }

    /**
     * Waits until the lane stopped; after {@code timeout}, interrupts the thread serving it (an
     * insert that never returns) and waits for the end.
     */
    void awaitEnd(Duration timeout) throws InterruptedException {
        parking.awaitEnd(timeout);
    }

    /**
     * Finish the block in flight, then return from {@link #run()}. A lane waiting with nothing in
     * flight (for a first message, out a backoff) stops waiting at once.
     */
    void stop() {
        running = false;
        waits.stop();
        parking.wake();
    }

    /** Allow {@link #run()} again after {@link #stop()}. */
    void resume() {
        running = true;
        waits.resume();
    }

    String lastError() {
        return lastError;
    }

    boolean failed() {
        return failed;
    }

    /** Whether this replica stands by on the lane, leaving it to another (Plan.Standby). */
    boolean standingBy() {
        return standingBy;
    }

    /** What the lane has yet to insert, as this replica last read it; 0 while another replica holds the lane. */
    long pending() {
        return standingBy ? 0 : reader.pending();
    }

    /** Serves the lane until it stops or parks (then a ring, its timer or a stop runs it again). */
    @Override
    public void run() {
        boolean parks = false;
        try {
            if (!joined) {
                share.joined(settings.lane());
                joined = true;
            }
            parks = serve();
        } finally {
            if (!parks) {
                joined = false;
                share.left(settings.lane());
                releaseHold();
                reader.close();
                emptyReads = 0;
                dozing = false;
                parking.ended();
            }
        }
        if (parks) {
            parking.park(parkFor);
        }
    }

    /**
     * A replica that stops working on the lane (a pipeline stopped or moved, a replica shutting
     * down, a lane failed) lets the others take it at once instead of after its hold. Best effort:
     * a hold left behind only lapses later.
     */
    private void releaseHold() {
        // A stop may have interrupted the thread; the release is a NATS call of its own.
        boolean interrupted = Thread.interrupted();
        try {
            ProgressStore.Versioned current = progress.read(settings.lane());
            Progress recorded = current.progress();
            if (recorded.intent() == null && settings.replica().equals(recorded.holder())) {
                progress.compareAndSet(settings.lane(), current.revision(), recorded.released());
            }
        } catch (Exception e) {
            log.debug("Sink lane {} could not release its hold: {}", settings.lane(), e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return true to park for {@link #parkFor}, false once the lane stops */
    private boolean serve() {
        int attempt = 0;
        while (running && !failed) {
            try {
                parkFor = step();
                attempt = 0;
                if (parkFor != null) {
                    return running;
                }
            } catch (ClickHouseFailureException e) {
                lastError = e.failure().reason();
                if (!e.failure().isTransient()) {
                    // Table dropped, credentials revoked: retrying cannot help until someone acts.
                    failed = true;
                    log.error("Sink of pipeline {} failed: {}", settings.pipelineId(), lastError);
                    return false;
                }
                attempt++;
                log.warn("Insert for pipeline {} failed (attempt {}), retrying: {}", settings.pipelineId(), attempt, lastError);
                pause(backoff.delay(attempt));
            } catch (RangeGoneException | ReplayUnsafeException e) {
                // Waiting cannot bring the messages back: stop the lane and say why, never insert less.
                lastError = e.getMessage();
                failed = true;
                log.error("Sink lane {} of pipeline {} failed: {}", settings.lane(), settings.pipelineId(), lastError);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                if (!running) {
                    // A stop cut a wait short, which the client may report as a failure of its own.
                    return false;
                }
                // NATS unavailable and the like: nothing was committed, the next step starts over.
                attempt++;
                lastError = e.getMessage();
                log.warn("Sink lane {} step failed (attempt {}): {}", settings.lane(), attempt, e.toString());
                pause(backoff.delay(attempt));
            }
        }
        return false;
    }

    /**
     * One block: plan from the recorded progress, then replay or write a fresh block.
     * @return how long to park before the next step, or null to go on at once
     */
    Duration step() throws Exception {
        ProgressStore.Versioned current = progress.read(settings.lane());
        Plan plan = ProgressPlanner.plan(current.progress(), settings.replica(), clock.millis(), share.room());
        if (plan instanceof Plan.Standby standby) {
            share.holding(settings.lane(), false);
            if (!standingBy) {
                // Its consumer would only idle on the server until the hold lapses.
                reader.close();
                parking.silence();
                emptyReads = 0;
                dozing = false;
                standingBy = true;
            }
            // Renewed by the holder's every block: this replica looks again only when it may have
            // lapsed, or soon if it is short of its share and waits for a lane to be handed over.
            return until(standby.untilMillis(), share.wanting() ? SinkShare.WANTING_LOOK.toMillis() : settings.lease().toMillis());
        }
        standingBy = false;
        if (plan instanceof Plan.Wait wait) {
            share.holding(settings.lane(), false);
            return until(wait.untilMillis(), 1_000);
        } else if (plan instanceof Plan.Replay replay) {
            Intent recorded = replay.intent();
            Intent taken = new Intent(recorded.fromSeq(), recorded.toSeq(), settings.replica(), leaseEnd(), recorded.messages(),
                    recorded.records(), recorded.recordedAtMillis());
            long revision = progress.compareAndSet(settings.lane(), current.revision(), current.progress().withIntentOf(taken));
            if (revision != ProgressStore.LOST) {
                share.holding(settings.lane(), true);
                // Said, so that a duplicate found later can be traced to a replay or ruled out.
                log.info("Sink lane {} of pipeline {}: replaying the unfinished insert of stream sequences {} to {}"
                        + " recorded by {}", settings.lane(), settings.pipelineId(), recorded.fromSeq(), recorded.toSeq(),
                        recorded.owner());
                List<StreamMessage> messages = reader.readRange(taken.fromSeq(), taken.toSeq());
                List<ReadMessage> read = ReadMessage.of(messages);
                ReplayCheck.verify(taken, read);
                checkStillRemembered(taken);
                insertAndCommit(taken, read, BatchAssembler.assemble(settings.pipelineId(), encoder, messages), revision);
            }
        } else if (plan instanceof Plan.Fresh fresh) {
            long now = clock.millis();
            if (dozing && !parking.mustRead(now, fresh.fromSeq())) {
                // Woken to read the progress (read above: nothing to replay), and nothing rang.
                return parkFor(now);
            }
            noticeUnansweredHandOver(current.progress());
            if (emptyReads > 0) {
                // The read that may end in parking: a message stored from here on rings the lane.
                parking.listen();
            }
            Duration firstMessageWait = settings.idleWait().compareTo(LaneParking.IDLE_READ) < 0 ? settings.idleWait()
                    : LaneParking.IDLE_READ;
            // Each message's rows go into the block as it is read: a block holds up to maxDelay of
            // input, which kept decoded until the insert outlived several young collections.
            BatchAssembler.Block block = BatchAssembler.open(encoder);
            parking.reading(now);
            List<ReadMessage> messages = waits.await(() -> reader.readNext(fresh.fromSeq(), settings.maxBatchSize(),
                    settings.maxBlockBytes(), settings.maxDelay(), firstMessageWait, block::add), List.of());
            // Stopped while the block filled: nothing of it is recorded yet, so it is left to the next reader.
            if (!running) {
                return null;
            }
            if (messages.isEmpty()) {
                emptyReads++;
                dozing = parking.listening();
                return dozing ? parkFor(clock.millis()) : null;
            }
            emptyReads = 0;
            dozing = false;
            parking.silence();
            Intent intent = new Intent(fresh.fromSeq(), messages.get(messages.size() - 1).streamSequence(),
                    settings.replica(), leaseEnd(), messages.size(), ReplayCheck.records(messages), clock.millis());
            // Recorded before the insert: a replica that finds it unfinished replays exactly this range.
            long revision = progress.compareAndSet(settings.lane(), current.revision(), current.progress().withIntentOf(intent));
            if (revision != ProgressStore.LOST) {
                share.holding(settings.lane(), true);
                insertAndCommit(intent, messages, block.close(settings.pipelineId()), revision);
            }
        }
        return null;
    }

    /** This replica handed the lane over and takes it back: if nobody took it meanwhile, the others cannot. */
    private void noticeUnansweredHandOver(Progress recorded) {
        if (handedOverAt != 0 && recorded.holder() == null && recorded.heldUntilMillis() == handedOverAt) {
            log.info("Sink lane {} of pipeline {}: no other replica took the lane handed over; handing none over for a while",
                    settings.lane(), settings.pipelineId());
            share.handOverUnanswered();
        }
        handedOverAt = 0;
    }

    private void checkStillRemembered(Intent intent) throws ReplayUnsafeException {
        String table = settings.database() + "." + settings.table();
        String refusal = ReplayWindow.refusal(table, settings.deduplication(), intent,
                blocks.remembered(ReplayWindow.countFrom(intent)), clock.millis());
        if (refusal == null) {
            return;
        }
        if (!settings.allowAtLeastOnce()) {
            throw new ReplayUnsafeException(refusal);
        }
        log.warn("Replaying an insert of pipeline {} though {} (at-least-once accepted by allowAtLeastOnce)",
                settings.pipelineId(), refusal);
    }

    private void insertAndCommit(Intent intent, List<ReadMessage> messages, SinkBatch batch, long revision) throws Exception {
        publishDeadLetters(batch.rejected());
        InsertResult result = writer.insert(batch.insertBlock(settings.database(), settings.table(), encoder.columns()));
        // Above its share, this replica leaves the lane to one below theirs from here (SinkShare).
        boolean handOver = share.handOver(settings.lane());
        Progress done = handOver ? Progress.handedOver(intent, clock.millis())
                : Progress.committed(intent, settings.replica(), leaseEnd());
        // If another replica took the lane over meanwhile, this fails and it commits the same block (deduplicated).
        if (progress.compareAndSet(settings.lane(), revision, done) != ProgressStore.LOST) {
            if (handOver) {
                handedOverAt = done.heldUntilMillis();
                log.info("Sink lane {} of pipeline {}: handed over after stream sequence {}, this replica holds more than"
                        + " its share of the sink's lanes", settings.lane(), settings.pipelineId(), intent.toSeq());
            }
            metrics.inserted(messages, batch.rows(), batch.rejected().size(), result.took());
            // Only what is committed goes, and per subject only below its last committed message
            // (see InputPurger: another replica may be reading all subjects from the committed sequence on).
            for (ReadMessage message : messages) {
                purge.committed(message.subject(), message.streamSequence());
            }
            purge.purgeIfDue(clock.millis());
        }
        lastError = null;
    }

    private void publishDeadLetters(List<RejectedRecord> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> published = new ArrayList<>(rejected.size());
        for (RejectedRecord record : rejected) {
            DeadLetter deadLetter = new DeadLetter(settings.pipelineId(), DeadLetter.SINK, record.reason(), record.position(),
                    clock.instant(), record.json());
            // Derived from the record's place in the stream: a replayed block adds no second dead letter.
            published.add(deadLetters.publish(deadLetter,
                    "sink:" + settings.lane() + ":" + record.streamSequence() + ":" + record.recordIndex()));
        }
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).join();
    }

    private long leaseEnd() {
        return clock.millis() + settings.lease().toMillis();
    }

    /** How long an idle lane parks: until it reads its progress again, or must look at its stream. */
    private Duration parkFor(long nowMillis) {
        Duration look = parking.untilLook(nowMillis);
        return look.compareTo(settings.idleWait()) < 0 ? look : settings.idleWait();
    }

    /** Until {@code untilMillis}: at least 10 ms, at most {@code capMillis}. */
    private Duration until(long untilMillis, long capMillis) {
        return Duration.ofMillis(Math.min(capMillis, Math.max(10, untilMillis - clock.millis())));
    }

    /** Waits, unless the lane is stopping or stops meanwhile. */
    private void pause(Duration duration) {
        try {
            waits.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

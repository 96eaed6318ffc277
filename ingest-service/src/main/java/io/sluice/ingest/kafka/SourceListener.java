package io.sluice.ingest.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import io.sluice.ingest.kafka.PartitionChunker.Chunk;
import io.sluice.ingest.kafka.PartitionChunker.OutgoingBatch;
import io.sluice.ingest.kafka.PartitionChunker.OutgoingDeadLetter;
import io.sluice.ingest.kafka.PartitionProgress.Settlement;
import io.sluice.ingest.kafka.PartitionProgress.Unread;
import io.sluice.ingest.kafka.ResumePlanner.Gap;
import io.sluice.ingest.kafka.ResumePlanner.Plan;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.PublishOutcome;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.envelope.Batch;
import io.sluice.model.nats.NatsNames;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest of one source on its Kafka consumer thread: every method runs there
 * ({@link ConsumerLoop} calls it with each poll's records or an idle turn, the rebalance callbacks
 * and the commit callbacks run inside its polls), so the per-partition state needs no locks. It
 * only carries out what {@link PartitionProgress} (per partition), the chunker and
 * {@link ResumePlanner} decide; docs/ingest.md explains the ordering, resume and offset contracts
 * they keep.
 */
final class SourceListener {

    private static final Logger log = LoggerFactory.getLogger(SourceListener.class);

    private static final long LAG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Duration COMMIT_TIMEOUT = ResumeLookup.TIMEOUT;

    private final String pipelineId;

    private final String sourceId;

    private final String topic;

    private final NatsNames names;

    private final String deadLetterSubject;

    private final PartitionChunker chunker;

    private final BatchPublisher publisher;

    private final ResumeLookup lookup;

    private final ResumePlanner planner;

    private final SourceMeters meters;

    private final Duration ackTimeout;

    private final RetryBackoff backoff;

    private final Duration linger;

    private final PollPacing pacing;

    private final LongSupplier nanoTime;

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    // How long the source must be quiet before its loop may rest; 0 for never.
    private final long restAfterNanos;

    // When the source last had records, a rebalance or a partition not settled.
    private long lastBusy;

    private long nextLagCheck;

    private long lagShown;

    SourceListener(String pipelineId, String sourceId, String topic, NatsNames names, PartitionChunker chunker,
            BatchPublisher publisher, ResumeLookup lookup, ResumePlanner planner, SourceMeters meters,
            SourceSettings settings, Duration restAfter, LongSupplier nanoTime) {
        this.pipelineId = pipelineId;
        this.sourceId = sourceId;
        this.topic = topic;
        this.names = names;
        this.deadLetterSubject = names.deadLetterSubject(pipelineId);
        this.chunker = chunker;
        this.publisher = publisher;
        this.lookup = lookup;
        this.planner = planner;
        this.meters = meters;
        this.ackTimeout = settings.ackTimeout();
        this.backoff = RetryBackoff.of(settings);
        this.linger = settings.linger();
        this.pacing = PollPacing.of(settings);
        this.nanoTime = nanoTime;
        this.restAfterNanos = restAfter == null ? 0 : Math.max(1, restAfter.toNanos());
        this.lastBusy = nanoTime.getAsLong();
    }

    /** A run of the consumer begins: quiet counts from now. */
    void starting() {
        lastBusy = nanoTime.getAsLong();
    }

    /** Reads the records of a poll, partition by partition. */
    void records(Consumer<?, ?> consumer, ConsumerRecords<byte[], byte[]> records) {
        lastBusy = nanoTime.getAsLong();
        try {
            settleCompleted(consumer);
            boolean read = false;
            for (TopicPartition id : records.partitions()) {
                Partition partition = partitions.get(id);
                if (partition != null && partition.progress.reading()) {
                    process(consumer, partition, records.records(id).stream()
                            .map(record -> new SourceRecord(record.offset(), record.timestamp(), record.value(),
                                    KafkaRecords.of(record)))
                            .toList());
                    read = true;
                }
            }
            if (read) {
                restTogether(consumer);
            }
            housekeeping(consumer);
        } catch (RuntimeException e) {
            // Never skip records: start over from the stream.
            log.error("Ingest of source {} of pipeline {} failed unexpectedly; every partition resumes from the stream",
                    sourceId, pipelineId, e);
            for (Partition partition : partitions.values()) {
                fail(consumer, partition, partition.progress.failed(nanoTime.getAsLong()), e);
            }
        }
    }

    /** A poll returned nothing: applies acknowledgements, ends rests, retries, commits. */
    void idle(Consumer<?, ?> consumer) {
        settleCompleted(consumer);
        housekeeping(consumer);
        if (lagShown != 0 || !partitions.values().stream().allMatch(partition -> partition.progress.settled())) {
            lastBusy = nanoTime.getAsLong();
        }
    }

    /**
     * Whether the loop may close the consumer and rest ({@link SourceRests}): for the rest's
     * length nothing came, no rebalance, and every partition this consumer holds is settled.
     */
    boolean restDue() {
        return restAfterNanos > 0 && nanoTime.getAsLong() - lastBusy >= restAfterNanos;
    }

    /**
     * How long the next poll may wait for records: until the first thing due (a rest's end, a
     * partition's retry, the next lag reading while the lag shown is not 0, or soon while a batch
     * awaits its acknowledgement), else long.
     */
    Duration pollWait() {
        long now = nanoTime.getAsLong();
        boolean awaitingAck = false;
        long untilDue = lagShown != 0 ? nextLagCheck - now : Long.MAX_VALUE;
        for (Partition partition : partitions.values()) {
            awaitingAck |= partition.progress.awaitingAck();
            untilDue = Math.min(untilDue, Math.min(partition.linger.untilOver(now), partition.progress.untilRecovery(now)));
        }
        return pacing.wait(awaitingAck, untilDue);
    }

    /** Kafka refused the consumer (credentials, ACLs) or it could not start: said in status while it retries. */
    void refused(String reason) {
        meters.error(reason);
    }

    /** The consumer stops: settles what is in flight and commits what is durable. */
    void stopping(Consumer<?, ?> consumer) {
        drain(consumer, List.copyOf(partitions.keySet()), false);
    }

    /**
     * The consumer closes to rest: like {@link #stopping}, but a settled partition commits the
     * consumer's position ({@link PartitionProgress#restCommit}), so that a group whose members all
     * rest has committed its topic's end and its watcher wakes it only for a new record.
     */
    void resting(Consumer<?, ?> consumer) {
        drain(consumer, List.copyOf(partitions.keySet()), true);
    }

    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        long now = nanoTime.getAsLong();
        lastBusy = now;
        for (TopicPartition partition : assigned) {
            partitions.put(partition, new Partition(partition, names.ingestSubject(pipelineId, sourceId,
                    partition.partition()), PartitionProgress.assigned(backoff, now), new PartitionLinger(linger)));
        }
        // Nothing is read until the stream has said where each partition stands.
        consumer.pause(assigned);
        recoverDue(consumer);
    }

    void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        lastBusy = nanoTime.getAsLong();
        drain(consumer, revoked, false);
    }

    void lost(Collection<TopicPartition> lost) {
        lastBusy = nanoTime.getAsLong();
        // Another replica may own them already: commit nothing, forget them.
        lost.forEach(partitions::remove);
    }

    private void process(Consumer<?, ?> consumer, Partition partition, List<SourceRecord> records) {
        PartitionProgress progress = partition.progress;
        Unread unread = progress.unread(records);
        if (unread.records().isEmpty()) {
            return;
        }
        if (unread.skipped()) {
            checkOvertaken(consumer, partition, unread.records().get(0).offset());
        }
        Chunk chunk = chunker.chunk(topic, partition.id.partition(), unread.records());
        long fresh = progress.read(unread.records());
        if (fresh > 0) {
            meters.read(fresh);
        }
        if (!chunk.deadLetters().isEmpty() && !publishDeadLetters(consumer, partition, chunk.deadLetters())) {
            return;
        }
        for (OutgoingBatch outgoing : chunk.batches()) {
            if (!settle(consumer, partition)) {
                return;
            }
            Batch batch = outgoing.batch();
            String messageId = NatsNames.batchMessageId(pipelineId, sourceId, topic, batch.partition(), batch.firstOffset());
            partition.ack = publisher.publishBatch(partition.subject, messageId, batch.lastOffset(), outgoing.envelope());
            if (!partition.announced) {
                // The first batch since the partition was assigned: once it is stored, the stage
                // after looks for new lanes (it may be the partition's first ever).
                partition.announced = true;
                partition.ack.whenComplete((outcome, failure) -> {
                    if (failure == null) {
                        publisher.ringLaneBell(pipelineId);
                    } else {
                        partition.announced = false;
                    }
                });
            }
            progress.sent(batch.firstOffset(), batch.lastOffset(), batch.records().size());
            meters.batch(batch.records().size(), outgoing.envelope().length);
        }
        // The dead letters among what was read were acknowledged above.
        progress.readThrough(chunk.nextOffset());
    }

    /**
     * Kafka skipped offsets: normal for transaction markers and compaction, a loss when retention
     * deleted them before they were read and the consumer was reset. Only the log start tells
     * the two apart.
     */
    private void checkOvertaken(Consumer<?, ?> consumer, Partition partition, long firstRead) {
        long expected = partition.progress.position();
        long logStart;
        try {
            logStart = consumer.beginningOffsets(List.of(partition.id), COMMIT_TIMEOUT).get(partition.id);
        } catch (KafkaException e) {
            log.warn("Source {} of pipeline {}, partition {}: Kafka returned offset {} after {}, and whether the"
                    + " offsets between were deleted by retention cannot be told: {}", sourceId, pipelineId,
                    partition.id.partition(), firstRead, expected, describe(e));
            return;
        }
        planner.overtaken(partition.id.partition(), expected, firstRead, logStart).ifPresent(gap -> {
            String explanation = planner.describeOvertaken(gap, firstRead);
            meters.lost(gap.lost(), explanation);
            log.warn("Source {} of pipeline {}, {}", sourceId, pipelineId, explanation);
        });
    }

    /** Publishes a poll's dead letters and waits for all of them; false if one failed (the partition then recovers). */
    private boolean publishDeadLetters(Consumer<?, ?> consumer, Partition partition,
            List<OutgoingDeadLetter> deadLetters) {
        List<CompletableFuture<PublishOutcome>> acks = new ArrayList<>(deadLetters.size());
        for (OutgoingDeadLetter deadLetter : deadLetters) {
            String messageId = NatsNames.derivedMessageId(NatsNames.batchMessageId(pipelineId, sourceId,
                    topic, partition.id.partition(), deadLetter.offset()), DeadLetter.INGEST);
            acks.add(publisher.publishDeadLetter(deadLetterSubject, messageId, DeadLetterCodec.encode(deadLetter.deadLetter())));
        }
        for (CompletableFuture<PublishOutcome> ack : acks) {
            // A dead letter stored before is the same record's: nothing to check.
            Settled settled = await(ack);
            if (settled.failure() != null) {
                fail(consumer, partition, partition.progress.failed(nanoTime.getAsLong()), settled.failure());
                return false;
            }
        }
        meters.deadLettered(partition.progress.deadLettersStored(
                deadLetters.stream().map(OutgoingDeadLetter::offset).toList()));
        return true;
    }

    /** Waits for the partition's batch in flight; false if it was not stored now (the partition then recovers). */
    private boolean settle(Consumer<?, ?> consumer, Partition partition) {
        if (!partition.progress.awaitingAck()) {
            return true;
        }
        Settled settled = await(partition.ack);
        partition.ack = null;
        long now = nanoTime.getAsLong();
        if (settled.failure() != null) {
            fail(consumer, partition, partition.progress.settleFailed(now), settled.failure());
            return false;
        }
        Settlement settlement = partition.progress.settle(settled.outcome(), now);
        if (settlement instanceof Settlement.StoredBefore storedBefore) {
            log.info("Source {} of pipeline {}, partition {}: a batch from offset {} was stored before; "
                    + "resuming from what the stream holds", sourceId, pipelineId, partition.id.partition(),
                    storedBefore.firstOffset());
            consumer.pause(List.of(partition.id));
            return false;
        }
        published(((Settlement.Stored) settlement).newlyPublished());
        return true;
    }

    /** Applies the acknowledgements that came in meanwhile, without waiting. */
    private void settleCompleted(Consumer<?, ?> consumer) {
        for (Partition partition : partitions.values()) {
            if (partition.progress.awaitingAck() && partition.ack.isDone()) {
                settle(consumer, partition);
            }
        }
    }

    /** Waits for the batch in flight, if any, before the partition resumes or is given up. */
    private void closeInFlight(Partition partition) {
        if (partition.progress.awaitingAck()) {
            boolean stored = await(partition.ack).outcome() == PublishOutcome.STORED;
            partition.ack = null;
            published(partition.progress.closeInFlight(stored));
        }
    }

    private void published(long records) {
        if (records > 0) {
            meters.published(records);
        }
    }

    /** Reports a failure the partition's progress took as a reason to recover ({@code wait} present). */
    private void fail(Consumer<?, ?> consumer, Partition partition, Optional<Duration> wait, Throwable failure) {
        if (wait.isEmpty()) {
            return;
        }
        String reason = describe(failure);
        meters.publishFailed(reason);
        log.warn("Source {} of pipeline {}, partition {}: {}; resuming from what the stream holds in {}", sourceId,
                pipelineId, partition.id.partition(), reason, wait.get());
        consumer.pause(List.of(partition.id));
    }

    private void housekeeping(Consumer<?, ?> consumer) {
        endRests(consumer);
        recoverDue(consumer);
        commit(consumer);
        updateLag(consumer);
    }

    /** Pauses every partition being read for the linger once all have caught up ({@link PartitionLinger}). */
    private void restTogether(Consumer<?, ?> consumer) {
        List<Partition> reading = partitions.values().stream().filter(partition -> partition.progress.reading()).toList();
        if (!PartitionLinger.restTogether(linger, reading.stream().map(partition -> consumer.currentLag(partition.id)).toList())) {
            return;
        }
        long now = nanoTime.getAsLong();
        reading.forEach(partition -> partition.linger.rest(now));
        consumer.pause(reading.stream().map(partition -> partition.id).toList());
    }

    /** Resumes the partitions that rested for the linger, unless they recover meanwhile (which resumes them). */
    private void endRests(Consumer<?, ?> consumer) {
        long now = nanoTime.getAsLong();
        List<TopicPartition> rested = new ArrayList<>();
        for (Partition partition : partitions.values()) {
            if (partition.linger.over(now) && partition.progress.reading()) {
                rested.add(partition.id);
            }
        }
        if (!rested.isEmpty()) {
            consumer.resume(rested);
        }
    }

    private void recoverDue(Consumer<?, ?> consumer) {
        long now = nanoTime.getAsLong();
        ResumeLookup.Round round = lookup.round(consumer);
        for (Partition partition : partitions.values()) {
            if (partition.progress.recoveryDue(now)) {
                recover(consumer, partition, round);
            }
        }
    }

    /** Seeks the partition where the stream and {@link ResumePlanner} say, and reads it again. */
    private void recover(Consumer<?, ?> consumer, Partition partition, ResumeLookup.Round round) {
        closeInFlight(partition);
        Plan plan;
        try {
            plan = round.plan(partition.id, partition.subject, partition.progress.knownDurable());
        } catch (IOException | KafkaException e) {
            Duration wait = partition.progress.cannotResume(nanoTime.getAsLong());
            meters.error(describe(e));
            log.warn("Source {} of pipeline {}, partition {}: cannot tell where to resume ({}); trying again in {}",
                    sourceId, pipelineId, partition.id.partition(), describe(e), wait);
            return;
        }
        consumer.seek(partition.id, plan.offset());
        if (plan.gap().isPresent()) {
            meters.lost(plan.gap().get().lost(), plan.explanation());
        }
        if (plan.warn()) {
            log.warn("Source {} of pipeline {}, {}", sourceId, pipelineId, plan.explanation());
        } else {
            log.info("Source {} of pipeline {}, {}", sourceId, pipelineId, plan.explanation());
        }
        published(partition.progress.resumed(plan.offset(), plan.gap().map(Gap::from).orElse(plan.offset())));
        partition.linger.cancel();
        consumer.resume(List.of(partition.id));
    }

    private void commit(Consumer<?, ?> consumer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Partition partition : partitions.values()) {
            OptionalLong due = partition.progress.commitDue();
            if (due.isPresent()) {
                offsets.put(partition.id, new OffsetAndMetadata(due.getAsLong()));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                log.debug("Committing offsets of source {} of pipeline {} failed, will retry: {}", sourceId, pipelineId,
                        failure.toString());
                offsets.keySet().forEach(id -> {
                    Partition partition = partitions.get(id);
                    if (partition != null) {
                        partition.progress.commitFailed();
                    }
                });
            }
        });
    }

    /** Settles what is in flight for these partitions and commits what is durable, then forgets them. */
    private void drain(Consumer<?, ?> consumer, Collection<TopicPartition> revoked, boolean atRest) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition id : revoked) {
            Partition partition = partitions.remove(id);
            if (partition == null) {
                continue;
            }
            closeInFlight(partition);
            OptionalLong offset = atRest ? partition.progress.restCommit(position(consumer, id))
                    : partition.progress.finalCommit();
            offset.ifPresent(value -> offsets.put(id, new OffsetAndMetadata(value)));
        }
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets, COMMIT_TIMEOUT);
            } catch (KafkaException e) {
                // Only lag monitoring suffers: the next owner resumes from the stream.
                log.warn("Committing offsets of source {} of pipeline {} on revocation failed: {}", sourceId, pipelineId,
                        e.toString());
            }
        }
    }

    /** The consumer's position in the partition, or -1 if Kafka cannot tell now (then the usual commit). */
    private long position(Consumer<?, ?> consumer, TopicPartition id) {
        try {
            return consumer.position(id, COMMIT_TIMEOUT);
        } catch (KafkaException e) {
            return -1;
        }
    }

    private void updateLag(Consumer<?, ?> consumer) {
        long now = nanoTime.getAsLong();
        if (now - nextLagCheck < 0) {
            return;
        }
        nextLagCheck = now + LAG_INTERVAL_NANOS;
        lagShown = KafkaLag.total(consumer.metrics());
        meters.lag(lagShown);
    }

    private Settled await(CompletableFuture<PublishOutcome> ack) {
        try {
            // The publisher's own timeout ends the future; this only guards against one that never ends.
            return new Settled(ack.get(ackTimeout.toMillis() * 2, TimeUnit.MILLISECONDS), null);
        } catch (ExecutionException e) {
            return new Settled(null, e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            return new Settled(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Settled(null, e);
        }
    }

    /** How a publish ended: an outcome, or the failure. */
    private record Settled(PublishOutcome outcome, Throwable failure) {
    }

    /** A failure's message for status and logs, from under any {@link CompletionException}. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /**
     * An assigned partition: its progress, its rests for the linger, and the acknowledgement of its
     * batch in flight (while it awaits one).
     */
    private static final class Partition {

        final TopicPartition id;

        final String subject;

        final PartitionProgress progress;

        final PartitionLinger linger;

        CompletableFuture<PublishOutcome> ack;

        // The lane bell rang for (or is to ring once stored) a batch of this assignment.
        volatile boolean announced;

        Partition(TopicPartition id, String subject, PartitionProgress progress, PartitionLinger linger) {
            this.id = id;
            this.subject = subject;
            this.progress = progress;
            this.linger = linger;
        }
    }
}

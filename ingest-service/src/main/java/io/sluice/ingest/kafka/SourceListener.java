package io.sluice.ingest.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import io.sluice.ingest.kafka.PartitionChunker.Chunk;
import io.sluice.ingest.kafka.PartitionChunker.OutgoingBatch;
import io.sluice.ingest.kafka.PartitionChunker.OutgoingDeadLetter;
import io.sluice.ingest.kafka.ResumePlanner.Plan;
import io.sluice.ingest.kafka.ResumePlanner.Recorded;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.LastStoredBatch;
import io.sluice.ingest.publish.PublishOutcome;
import io.sluice.ingest.publish.ResumePositions;
import io.sluice.ingest.publish.StartPositions;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.envelope.Batch;
import io.sluice.model.nats.NatsNames;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.event.ConsumerRetryAuthEvent;
import org.springframework.kafka.event.ConsumerStoppingEvent;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.BatchAcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The ingest of one source on its Kafka consumer thread: every method runs there (Spring Kafka
 * calls the listener, the rebalance callbacks and, through {@link #publishEvent}, the idle and
 * stopping events on it), so the per-partition state needs no locks.
 *
 * <h2>Where a partition resumes</h2>
 * From the data stream, not from Kafka's committed offset: on assignment, and after any publish
 * that JetStream did not confirm, the partition is paused, its last stored batch is read
 * ({@code Sluice-Last-Offset}, and the topic in its envelope) and the consumer seeks to the
 * offset after it, or further where the group's committed offset or this replica knows for sure
 * more is durable. So a crash or a failed publish republishes nothing that the stream already
 * holds, and skips nothing it lacks. {@link ResumePlanner} decides, from those facts and the
 * partition's log start and end: a batch of another topic (the source's topic was edited) is no
 * position; a position below the log start is a gap reported in the status and the log;
 * {@code latest} applies only while the source never read the topic. Kafka's
 * {@code auto.offset.reset} therefore never picks a resume position (every partition is sought
 * before it is read); it only applies when retention overtakes a running consumer, which
 * {@link #checkOvertaken} then reports as a gap too.
 *
 * <h2>Ordering, which makes that sound</h2>
 * "The last stored batch" is a correct resume point only if the stream never holds a batch
 * whose predecessor is missing. So a partition has at most one batch in flight: the next one is
 * published once the previous is acknowledged (the partitions of all sources pipeline with each
 * other, up to the publisher's bound). Pipelining one partition's batches would let a batch be
 * stored after its predecessor was lost in a reconnect, and resuming after it would skip the
 * lost one. A batch JetStream stored although its acknowledgement timed out is found on the
 * re-read (the re-read waits {@code retryBackoff} first, so such a late store has usually
 * landed). If it lands later still, the republished batch has the same first offset, hence the
 * same deterministic {@code Nats-Msg-Id}, and one of the two is dropped; an acknowledgement that
 * says "duplicate" makes the partition read its position from the stream again, because the
 * stored batch may end at another offset than the dropped one.
 *
 * <h2>Dead letters</h2>
 * A poll's dead letters of a partition are published first and all acknowledged before any
 * batch of that poll: a batch with later offsets is never stored while an earlier dead letter
 * might be lost. They carry {@code Nats-Msg-Id ingest:pipeline/source/topic/partition/offset}, so
 * re-reading after a failure does not store them twice.
 *
 * <h2>Kafka offsets</h2>
 * Committed only up to what JetStream acknowledged (batches and dead letters), asynchronously
 * after each poll and while idle, synchronously when partitions are revoked or the container
 * stops. They serve lag monitoring, and as a lower bound of the resume position when the stream
 * has nothing for a partition (e.g. its messages aged out, or every record so far was a dead
 * letter).
 */
final class SourceListener implements BatchAcknowledgingConsumerAwareMessageListener<byte[], byte[]>,
        ConsumerAwareRebalanceListener, ApplicationEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(SourceListener.class);

    private static final long LAG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final String pipelineId;

    private final String sourceId;

    private final String topic;

    private final NatsNames names;

    private final String dataStream;

    private final String deadLetterSubject;

    private final PartitionChunker chunker;

    private final BatchPublisher publisher;

    private final ResumePositions positions;

    private final StartPositions starts;

    private final ResumePlanner planner;

    private final SourceMeters meters;

    private final SourceSettings settings;

    private final LongSupplier nanoTime;

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    private long nextLagCheck;

    SourceListener(String pipelineId, String sourceId, String topic, NatsNames names, PartitionChunker chunker,
            BatchPublisher publisher, ResumePositions positions, StartPositions starts, ResumePlanner planner,
            SourceMeters meters, SourceSettings settings, LongSupplier nanoTime) {
        this.pipelineId = pipelineId;
        this.sourceId = sourceId;
        this.topic = topic;
        this.names = names;
        this.dataStream = names.dataStream(pipelineId);
        this.deadLetterSubject = names.deadLetterSubject(pipelineId);
        this.chunker = chunker;
        this.publisher = publisher;
        this.positions = positions;
        this.starts = starts;
        this.planner = planner;
        this.meters = meters;
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    @Override
    public void onMessage(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment acknowledgment,
            Consumer<?, ?> consumer) {
        try {
            settleCompleted(consumer);
            int start = 0;
            while (start < records.size()) {
                ConsumerRecord<byte[], byte[]> first = records.get(start);
                int end = start + 1;
                while (end < records.size() && records.get(end).partition() == first.partition()) {
                    end++;
                }
                PartitionState state = partitions.get(new TopicPartition(first.topic(), first.partition()));
                if (state != null && !state.recovering) {
                    process(consumer, state, records.subList(start, end));
                }
                start = end;
            }
            housekeeping(consumer);
        } catch (RuntimeException e) {
            // Never let the container's error handling skip records: start over from the stream.
            log.error("Ingest of source {} of pipeline {} failed unexpectedly; every partition resumes from the stream",
                    sourceId, pipelineId, e);
            for (PartitionState state : partitions.values()) {
                fail(consumer, state, e);
            }
        }
    }

    @Override
    public void publishEvent(Object event) {
        if (event instanceof ListenerContainerIdleEvent idle) {
            Consumer<?, ?> consumer = idle.getConsumer();
            settleCompleted(consumer);
            housekeeping(consumer);
        } else if (event instanceof ConsumerRetryAuthEvent auth) {
            meters.error("Kafka refused the " + auth.getReason().name().toLowerCase() + " of the consumer of topic "
                    + topic + "; retrying");
        } else if (event instanceof ConsumerStoppingEvent stopping && stopping.getConsumer() != null) {
            drain(stopping.getConsumer(), List.copyOf(partitions.keySet()));
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        long now = nanoTime.getAsLong();
        for (TopicPartition partition : assigned) {
            PartitionState state = new PartitionState(partition, names.ingestSubject(pipelineId, sourceId,
                    partition.partition()));
            state.recovering = true;
            state.retryAt = now;
            partitions.put(partition, state);
        }
        // Nothing is read until the stream has said where each partition stands.
        consumer.pause(assigned);
        recoverDue(consumer);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        drain(consumer, revoked);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        // Another replica may own them already: commit nothing, forget them.
        lost.forEach(partitions::remove);
    }

    private void process(Consumer<?, ?> consumer, PartitionState state, List<ConsumerRecord<byte[], byte[]>> records) {
        if (records.get(0).offset() < state.position) {
            // Fetched before a seek back; the consumer returns them again from the new position.
            records = records.stream().filter(record -> record.offset() >= state.position).toList();
            if (records.isEmpty()) {
                return;
            }
        } else if (records.get(0).offset() > state.position) {
            checkOvertaken(consumer, state, records.get(0).offset());
        }
        Chunk chunk = chunker.chunk(topic, state.partition.partition(), records.stream()
                .map(record -> new SourceRecord(record.offset(), record.timestamp(), record.value())).toList());
        countRead(state, records);
        state.position = chunk.nextOffset();
        if (!chunk.deadLetters().isEmpty() && !publishDeadLetters(consumer, state, chunk.deadLetters())) {
            return;
        }
        for (OutgoingBatch outgoing : chunk.batches()) {
            if (!settle(consumer, state)) {
                return;
            }
            Batch batch = outgoing.batch();
            String messageId = NatsNames.batchMessageId(pipelineId, sourceId, topic, batch.partition(), batch.firstOffset());
            CompletableFuture<PublishOutcome> ack = publisher.publishBatch(state.subject, messageId, batch.lastOffset(),
                    outgoing.envelope());
            state.inFlight = new InFlight(ack, batch.firstOffset(), batch.lastOffset(), batch.records().size());
            meters.batch(batch.records().size(), outgoing.envelope().length);
        }
        // Once the batch in flight is stored, everything read so far is durable: the dead letters
        // among it were acknowledged above.
        if (state.inFlight != null) {
            state.inFlight.durableAfter = Math.max(state.inFlight.durableAfter, chunk.nextOffset());
        } else {
            state.durable = Math.max(state.durable, chunk.nextOffset());
        }
    }

    /**
     * Kafka skipped offsets: normal for transaction markers and compaction, a loss when retention
     * deleted them before they were read and the consumer was reset (to the earliest available
     * offset, the only reset policy ingest uses). Only the log start tells the two apart.
     */
    private void checkOvertaken(Consumer<?, ?> consumer, PartitionState state, long firstRead) {
        long logStart;
        try {
            logStart = consumer.beginningOffsets(List.of(state.partition), COMMIT_TIMEOUT).get(state.partition);
        } catch (KafkaException e) {
            log.warn("Source {} of pipeline {}, partition {}: Kafka returned offset {} after {}, and whether the"
                    + " offsets between were deleted by retention cannot be told: {}", sourceId, pipelineId,
                    state.partition.partition(), firstRead, state.position, describe(e));
            return;
        }
        planner.overtaken(state.partition.partition(), state.position, firstRead, logStart).ifPresent(gap -> {
            String explanation = planner.describeOvertaken(gap, firstRead);
            meters.lost(gap.lost(), explanation);
            log.warn("Source {} of pipeline {}, {}", sourceId, pipelineId, explanation);
        });
    }

    private boolean publishDeadLetters(Consumer<?, ?> consumer, PartitionState state, List<OutgoingDeadLetter> deadLetters) {
        List<CompletableFuture<PublishOutcome>> acks = new ArrayList<>(deadLetters.size());
        for (OutgoingDeadLetter deadLetter : deadLetters) {
            String messageId = NatsNames.derivedMessageId(NatsNames.batchMessageId(pipelineId, sourceId,
                    topic, state.partition.partition(), deadLetter.offset()), DeadLetter.INGEST);
            acks.add(publisher.publishDeadLetter(deadLetterSubject, messageId, DeadLetterCodec.encode(deadLetter.deadLetter())));
        }
        for (CompletableFuture<PublishOutcome> ack : acks) {
            // A dead letter stored before is the same record's: nothing to check.
            Settled settled = await(ack);
            if (settled.failure() != null) {
                fail(consumer, state, settled.failure());
                return false;
            }
        }
        long fresh = deadLetters.stream().filter(deadLetter -> deadLetter.offset() >= state.deadLettersCounted).count();
        meters.deadLettered(fresh);
        state.deadLettersCounted = Math.max(state.deadLettersCounted, deadLetters.get(deadLetters.size() - 1).offset() + 1);
        return true;
    }

    /** Waits for the partition's batch in flight; false if it failed (the partition then recovers). */
    private boolean settle(Consumer<?, ?> consumer, PartitionState state) {
        InFlight inFlight = state.inFlight;
        if (inFlight == null) {
            return true;
        }
        Settled settled = await(inFlight.ack);
        state.inFlight = null;
        if (settled.failure() != null) {
            fail(consumer, state, settled.failure());
            return false;
        }
        if (settled.outcome() == PublishOutcome.ALREADY_STORED) {
            // A batch starting at this offset was stored before (a publish that timed out but
            // landed): it may end elsewhere than ours, so ask the stream where to go on.
            log.info("Source {} of pipeline {}, partition {}: a batch from offset {} was stored before; "
                    + "resuming from what the stream holds", sourceId, pipelineId, state.partition.partition(),
                    inFlight.firstOffset);
            recoverNow(consumer, state);
            return false;
        }
        stored(state, inFlight);
        state.failures = 0;
        return true;
    }

    private void stored(PartitionState state, InFlight inFlight) {
        state.durable = Math.max(state.durable, inFlight.durableAfter);
        long counted = Math.max(inFlight.firstOffset, state.publishedCounted);
        if (counted <= inFlight.lastOffset) {
            meters.published(Math.min(inFlight.records, inFlight.lastOffset + 1 - counted));
            state.publishedCounted = inFlight.lastOffset + 1;
        }
    }

    /** Applies the acknowledgements that came in meanwhile, without waiting. */
    private void settleCompleted(Consumer<?, ?> consumer) {
        for (PartitionState state : partitions.values()) {
            if (state.inFlight != null && state.inFlight.ack.isDone()) {
                settle(consumer, state);
            }
        }
    }

    private void fail(Consumer<?, ?> consumer, PartitionState state, Throwable failure) {
        if (state.recovering) {
            return;
        }
        String reason = describe(failure);
        meters.publishFailed(reason);
        Duration wait = backoff(state.failures++);
        log.warn("Source {} of pipeline {}, partition {}: {}; resuming from what the stream holds in {}", sourceId,
                pipelineId, state.partition.partition(), reason, wait);
        state.recovering = true;
        state.retryAt = nanoTime.getAsLong() + wait.toNanos();
        consumer.pause(List.of(state.partition));
    }

    private void recoverNow(Consumer<?, ?> consumer, PartitionState state) {
        state.recovering = true;
        state.retryAt = nanoTime.getAsLong();
        consumer.pause(List.of(state.partition));
    }

    private void housekeeping(Consumer<?, ?> consumer) {
        recoverDue(consumer);
        commit(consumer);
        updateLag(consumer);
    }

    private void recoverDue(Consumer<?, ?> consumer) {
        long now = nanoTime.getAsLong();
        // Asked at most once a round: the partitions of one assignment get the same answer.
        TopicHistory history = new TopicHistory(consumer);
        for (PartitionState state : partitions.values()) {
            if (state.recovering && now - state.retryAt >= 0) {
                recover(consumer, state, history);
            }
        }
    }

    /**
     * Seeks the partition where {@link ResumePlanner} says: after its last stored batch of this
     * topic, or after what is known durable if that is further. All facts (a stored message, an
     * acknowledgement, an offset committed only after acknowledgements), never a guess from what
     * was sent, and never Kafka's reset policy.
     */
    private void recover(Consumer<?, ?> consumer, PartitionState state, TopicHistory history) {
        if (state.inFlight != null) {
            if (await(state.inFlight.ack).outcome() == PublishOutcome.STORED) {
                stored(state, state.inFlight);
            }
            state.inFlight = null;
        }
        Plan plan;
        try {
            TopicPartition partition = state.partition;
            Optional<LastStoredBatch> lastStored = positions.lastStoredBatch(dataStream, state.subject);
            // While this replica owns the partition nobody else commits: what it knows is at least that.
            OptionalLong committed = state.durable >= 0 ? OptionalLong.empty() : committed(consumer, partition);
            OptionalLong started = planner.recordsStarts()
                    ? starts.startOf(pipelineId, sourceId, topic, partition.partition()) : OptionalLong.empty();
            Recorded recorded = planner.recorded(lastStored, committed, state.durable, started);
            boolean readBefore = planner.needsHistory(recorded) && history.readBefore(partition);
            long logStart = consumer.beginningOffsets(List.of(partition), COMMIT_TIMEOUT).get(partition);
            long logEnd = consumer.endOffsets(List.of(partition), COMMIT_TIMEOUT).get(partition);
            plan = planner.plan(partition.partition(), recorded, readBefore, logStart, logEnd);
            if (plan.firstStart()) {
                // Before reading anything: a later start must not take itself for the first.
                starts.record(pipelineId, sourceId, topic, partition.partition(), plan.offset());
            }
        } catch (IOException | KafkaException e) {
            Duration wait = backoff(state.failures++);
            meters.error(describe(e));
            log.warn("Source {} of pipeline {}, partition {}: cannot tell where to resume ({}); trying again in {}",
                    sourceId, pipelineId, state.partition.partition(), describe(e), wait);
            state.retryAt = nanoTime.getAsLong() + wait.toNanos();
            return;
        }
        long target = plan.offset();
        consumer.seek(state.partition, target);
        if (plan.gap().isPresent()) {
            meters.lost(plan.gap().get().lost(), plan.explanation());
        }
        if (plan.warn()) {
            log.warn("Source {} of pipeline {}, {}", sourceId, pipelineId, plan.explanation());
        } else {
            log.info("Source {} of pipeline {}, {}", sourceId, pipelineId, plan.explanation());
        }
        state.durable = target;
        state.position = target;
        state.readCounted = Math.max(state.readCounted, target);
        state.publishedCounted = Math.max(state.publishedCounted, target);
        state.deadLettersCounted = Math.max(state.deadLettersCounted, target);
        state.recovering = false;
        consumer.resume(List.of(state.partition));
    }

    private static OptionalLong committed(Consumer<?, ?> consumer, TopicPartition partition) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition), COMMIT_TIMEOUT).get(partition);
        return committed == null ? OptionalLong.empty() : OptionalLong.of(committed.offset());
    }

    /**
     * Whether the source read its topic before, in any other partition: a recorded start, a
     * stored batch of this topic, or a committed offset. Tells a {@code latest} source's first
     * start from a partition that merely has no position (added since, or expired). Asked lazily,
     * at most once a round of recoveries.
     */
    private final class TopicHistory {

        private final Consumer<?, ?> consumer;

        private Boolean readBefore;

        TopicHistory(Consumer<?, ?> consumer) {
            this.consumer = consumer;
        }

        boolean readBefore(TopicPartition asking) throws IOException {
            if (readBefore == null) {
                readBefore = ask(asking);
            }
            return readBefore;
        }

        private boolean ask(TopicPartition asking) throws IOException {
            if (starts.startedBefore(pipelineId, sourceId, topic)) {
                return true;
            }
            List<PartitionInfo> infos = consumer.partitionsFor(topic, COMMIT_TIMEOUT);
            Set<TopicPartition> all = new HashSet<>();
            for (PartitionInfo info : infos) {
                all.add(new TopicPartition(topic, info.partition()));
            }
            if (consumer.committed(all, COMMIT_TIMEOUT).values().stream().anyMatch(Objects::nonNull)) {
                return true;
            }
            for (TopicPartition partition : all) {
                if (partition.equals(asking)) {
                    continue;
                }
                Optional<LastStoredBatch> stored = positions.lastStoredBatch(dataStream,
                        names.ingestSubject(pipelineId, sourceId, partition.partition()));
                if (stored.isPresent() && stored.get().isOf(topic)) {
                    return true;
                }
            }
            return false;
        }
    }

    private void commit(Consumer<?, ?> consumer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState state : partitions.values()) {
            if (state.durable > state.committed) {
                offsets.put(state.partition, new OffsetAndMetadata(state.durable));
                state.committed = state.durable;
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                log.debug("Committing offsets of source {} of pipeline {} failed, will retry: {}", sourceId, pipelineId,
                        failure.toString());
                offsets.keySet().forEach(partition -> {
                    PartitionState state = partitions.get(partition);
                    if (state != null) {
                        state.committed = -1;
                    }
                });
            }
        });
    }

    /** Settles what is in flight for these partitions and commits what is durable, then forgets them. */
    private void drain(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : revoked) {
            PartitionState state = partitions.remove(partition);
            if (state == null) {
                continue;
            }
            if (state.inFlight != null && await(state.inFlight.ack).outcome() == PublishOutcome.STORED) {
                stored(state, state.inFlight);
            }
            state.inFlight = null;
            if (state.durable > state.committed) {
                offsets.put(partition, new OffsetAndMetadata(state.durable));
            }
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

    private void countRead(PartitionState state, List<ConsumerRecord<byte[], byte[]>> records) {
        long last = records.get(records.size() - 1).offset();
        if (last < state.readCounted) {
            return;
        }
        long fresh = records.get(0).offset() >= state.readCounted ? records.size()
                : records.stream().filter(record -> record.offset() >= state.readCounted).count();
        meters.read(fresh);
        state.readCounted = last + 1;
    }

    private void updateLag(Consumer<?, ?> consumer) {
        long now = nanoTime.getAsLong();
        if (now - nextLagCheck < 0) {
            return;
        }
        nextLagCheck = now + LAG_INTERVAL_NANOS;
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && name.tags().containsKey("partition") && metric.getValue().metricValue() instanceof Number value
                    && !Double.isNaN(value.doubleValue())) {
                lag += value.doubleValue();
            }
        }
        meters.lag((long) lag);
    }

    private Settled await(CompletableFuture<PublishOutcome> ack) {
        try {
            // The publisher's own timeout ends the future; this only guards against one that never ends.
            return new Settled(ack.get(settings.ackTimeout().toMillis() * 2, TimeUnit.MILLISECONDS), null);
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

    Duration backoff(int failures) {
        long millis = settings.retryBackoff().toMillis() << Math.min(failures, 16);
        return Duration.ofMillis(Math.min(millis, settings.maxRetryBackoff().toMillis()));
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** A partition as this consumer works on it. */
    private static final class PartitionState {

        final TopicPartition partition;

        final String subject;

        /** Every offset below is stored in a stream, or before where this replica took over; -1 unknown. */
        long durable = -1;

        /** The last offset committed to Kafka; -1 none or a failed commit. */
        long committed = -1;

        /** The offset after the last record handed to the chunker. */
        long position;

        /** Counters only: offsets below these were counted once and are not counted again when re-read. */
        long readCounted;

        long publishedCounted;

        long deadLettersCounted;

        InFlight inFlight;

        /** Paused until its position was read from the stream again. */
        boolean recovering;

        long retryAt;

        int failures;

        PartitionState(TopicPartition partition, String subject) {
            this.partition = partition;
            this.subject = subject;
        }
    }

    /** The batch a partition has in flight. */
    private static final class InFlight {

        final CompletableFuture<PublishOutcome> ack;

        final long firstOffset;

        final long lastOffset;

        final int records;

        /** What is durable once this batch is: its end, or later if the dead letters after it were acknowledged. */
        long durableAfter;

        InFlight(CompletableFuture<PublishOutcome> ack, long firstOffset, long lastOffset, int records) {
            this.ack = ack;
            this.firstOffset = firstOffset;
            this.lastOffset = lastOffset;
            this.records = records;
            this.durableAfter = lastOffset + 1;
        }
    }
}

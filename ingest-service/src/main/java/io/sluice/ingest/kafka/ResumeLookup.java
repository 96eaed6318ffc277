package io.sluice.ingest.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.sluice.ingest.kafka.ResumePlanner.Plan;
import io.sluice.ingest.kafka.ResumePlanner.Recorded;
import io.sluice.ingest.publish.LastStoredBatch;
import io.sluice.ingest.publish.ResumePositions;
import io.sluice.ingest.publish.StartPositions;
import io.sluice.model.nats.NatsNames;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Gathers the facts {@link ResumePlanner} decides from (the partition's last stored batch, the
 * group's committed offset, the start record, the log's bounds) and records a {@code latest}
 * source's first start. Facts only, never a guess from what was sent, and never Kafka's reset
 * policy. Runs on the Kafka consumer thread, whose consumer it is given.
 */
final class ResumeLookup {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String pipelineId;

    private final String sourceId;

    private final String topic;

    private final NatsNames names;

    private final String dataStream;

    private final ResumePositions positions;

    private final StartPositions starts;

    private final ResumePlanner planner;

    ResumeLookup(String pipelineId, String sourceId, String topic, NatsNames names, ResumePositions positions,
            StartPositions starts, ResumePlanner planner) {
        this.pipelineId = pipelineId;
        this.sourceId = sourceId;
        this.topic = topic;
        this.names = names;
        this.dataStream = names.dataStream(pipelineId);
        this.positions = positions;
        this.starts = starts;
        this.planner = planner;
    }

    /** One round of lookups: the partitions of one assignment share the answer whether the topic was read before. */
    Round round(Consumer<?, ?> consumer) {
        return new Round(consumer);
    }

    final class Round {

        private final Consumer<?, ?> consumer;

        private Boolean topicReadBefore;

        private Round(Consumer<?, ?> consumer) {
            this.consumer = consumer;
        }

        /**
         * Where the partition resumes; a first start is recorded before this returns, so that a
         * later start never takes itself for the first.
         *
         * @param subject      the partition's ingest subject
         * @param knownDurable what this replica saw acknowledged, -1 nothing
         */
        Plan plan(TopicPartition partition, String subject, long knownDurable) throws IOException {
            Optional<LastStoredBatch> lastStored = positions.lastStoredBatch(dataStream, subject);
            // While this replica owns the partition nobody else commits: what it knows is at least that.
            OptionalLong committed = knownDurable >= 0 ? OptionalLong.empty() : committed(partition);
            OptionalLong started = planner.recordsStarts()
                    ? starts.startOf(pipelineId, sourceId, topic, partition.partition()) : OptionalLong.empty();
            Recorded recorded = planner.recorded(lastStored, committed, knownDurable, started);
            boolean readBefore = planner.needsHistory(recorded) && topicReadBefore(partition);
            long logStart = consumer.beginningOffsets(List.of(partition), TIMEOUT).get(partition);
            long logEnd = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            Plan plan = planner.plan(partition.partition(), recorded, readBefore, logStart, logEnd);
            if (plan.firstStart()) {
                // Before reading anything: a later start must not take itself for the first.
                starts.record(pipelineId, sourceId, topic, partition.partition(), plan.offset());
            }
            return plan;
        }

        private OptionalLong committed(TopicPartition partition) {
            OffsetAndMetadata committed = consumer.committed(Set.of(partition), TIMEOUT).get(partition);
            return committed == null ? OptionalLong.empty() : OptionalLong.of(committed.offset());
        }

        /**
         * Whether the source read its topic before, in any other partition: a recorded start, a
         * stored batch of this topic, or a committed offset. Tells a {@code latest} source's first
         * start from a partition that merely has no position (added since, or expired). Asked
         * lazily, at most once a round.
         */
        private boolean topicReadBefore(TopicPartition asking) throws IOException {
            if (topicReadBefore == null) {
                topicReadBefore = askTopicReadBefore(asking);
            }
            return topicReadBefore;
        }

        private boolean askTopicReadBefore(TopicPartition asking) throws IOException {
            if (starts.startedBefore(pipelineId, sourceId, topic)) {
                return true;
            }
            Set<TopicPartition> all = new HashSet<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, TIMEOUT)) {
                all.add(new TopicPartition(topic, info.partition()));
            }
            if (consumer.committed(all, TIMEOUT).values().stream().anyMatch(Objects::nonNull)) {
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
}

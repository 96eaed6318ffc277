package io.sluice.ingest.kafka;

import java.util.Optional;
import java.util.OptionalLong;

import io.sluice.ingest.publish.LastStoredBatch;
import io.sluice.model.definition.InitialOffset;

/**
 * Decides where a partition of a source resumes: pure, from facts its caller gathered.
 *
 * <p>The recorded position is the furthest of what is known to be durable <em>for the source's
 * topic</em>: the offset after the partition's last stored batch if that batch came from this
 * topic (the ingest subject is per source and partition, so after a topic edit it still ends
 * with a batch of the old topic, whose offsets mean nothing here), the group's committed offset
 * (Kafka keeps it per topic, and it is committed only after JetStream acknowledged), what this
 * replica saw acknowledged, and where a {@code latest} source started the partition on its first
 * start (recorded in NATS, which does not forget it as Kafka forgets expired group offsets).
 *
 * <p>Then:
 * <ul>
 * <li>recorded and still in the log: resume there;</li>
 * <li>recorded but below the log start (retention deleted what was never read): the offsets
 * between are lost; a {@link Gap} says which, and reading goes on from the log start;</li>
 * <li>recorded but beyond the log end (the topic was deleted and created again, or truncated):
 * reading starts at the log start, and the plan says so;</li>
 * <li>nothing recorded, {@code earliest}: the log start;</li>
 * <li>nothing recorded, {@code latest}, and the source never read this topic (no recorded start,
 * stored batch or committed offset in any partition): the log end, the user's choice for a first
 * start, which the caller records;</li>
 * <li>nothing recorded, {@code latest}, but the source did read this topic before (a partition
 * added since, or one whose position expired): the log start, never a silent jump to the end.</li>
 * </ul>
 */
final class ResumePlanner {

    private final String topic;

    private final InitialOffset initialOffset;

    ResumePlanner(String topic, InitialOffset initialOffset) {
        this.topic = topic;
        this.initialOffset = initialOffset;
    }

    /**
     * The furthest offset known durable for this topic's partition, if any.
     *
     * @param stored       the partition's last stored batch, of whatever topic
     * @param committed    the group's committed offset for this topic's partition
     * @param knownDurable what this replica saw acknowledged, -1 when nothing
     * @param started      where the source started this partition of the topic on its first start
     */
    Recorded recorded(Optional<LastStoredBatch> stored, OptionalLong committed, long knownDurable,
            OptionalLong started) {
        long position = knownDurable;
        if (started.isPresent()) {
            position = Math.max(position, started.getAsLong());
        }
        String ignored = null;
        if (stored.isPresent()) {
            if (stored.get().isOf(topic)) {
                position = Math.max(position, stored.get().lastOffset() + 1);
            } else {
                ignored = stored.get().topic();
            }
        }
        if (committed.isPresent()) {
            position = Math.max(position, committed.getAsLong());
        }
        return new Recorded(position >= 0 ? OptionalLong.of(position) : OptionalLong.empty(), ignored);
    }

    /** Whether the source's first start on a topic is recorded: only a {@code latest} one needs it. */
    boolean recordsStarts() {
        return initialOffset == InitialOffset.LATEST;
    }

    /**
     * Whether {@link #plan} needs to know if the source read this topic before: only to tell a
     * first start, for a {@code latest} source without a recorded position.
     */
    boolean needsHistory(Recorded recorded) {
        return recorded.position().isEmpty() && initialOffset == InitialOffset.LATEST;
    }

    /**
     * @param partition      for the explanation
     * @param topicReadBefore whether another partition of this topic has a stored batch or a
     *                       committed offset; only read when {@link #needsHistory} said so
     * @param logStart       the partition's earliest available offset
     * @param logEnd         the offset the next record written gets
     */
    Plan plan(int partition, Recorded recorded, boolean topicReadBefore, long logStart, long logEnd) {
        String where = "partition " + partition + " of topic " + topic;
        String foreign = recorded.ignoredTopic() == null ? ""
                : " (the stream's last batch of this partition came from topic " + recorded.ignoredTopic()
                        + ", the source's topic before an edit: its offsets are no position in " + topic + ")";
        if (recorded.position().isPresent()) {
            long position = recorded.position().getAsLong();
            if (position < logStart) {
                Gap gap = new Gap(partition, position, logStart - 1);
                return new Plan(logStart, Optional.of(gap), true, false, where + ": " + gap.describe()
                        + "; reading from offset " + logStart + foreign);
            }
            if (position > logEnd) {
                return new Plan(logStart, Optional.empty(), true, false, where + ": the recorded position " + position
                        + " is beyond the log end " + logEnd + " (the topic was created again or truncated); reading from"
                        + " the earliest available offset " + logStart + ", so records read before may come again" + foreign);
            }
            return new Plan(position, Optional.empty(), false, false, where + ": reading from the recorded position "
                    + position + foreign);
        }
        if (initialOffset == InitialOffset.EARLIEST) {
            return new Plan(logStart, Optional.empty(), false, false, where + ": no recorded position; reading from the"
                    + " earliest available offset " + logStart + " (initialOffset earliest)" + foreign);
        }
        if (!topicReadBefore) {
            return new Plan(logEnd, Optional.empty(), false, true, where + ": first start; reading from the log end "
                    + logEnd + " (initialOffset latest)" + foreign);
        }
        return new Plan(logStart, Optional.empty(), true, false, where + ": no recorded position although the source read"
                + " this topic before (a partition added since, or its position expired); reading from the earliest"
                + " available offset " + logStart + " rather than the log end " + logEnd + ", so nothing is skipped"
                + foreign);
    }

    /**
     * Whether records were skipped while reading: Kafka returned a record after {@code expected}
     * (the offset after the last one read), which transaction markers, aborted transactions and
     * compaction do too, but only retention moves the log start past {@code expected}. Then the
     * consumer was reset (retention overtook it) and the offsets from {@code expected} up to what
     * it read next, or the log start if that is lower, are gone.
     *
     * @param firstRead the first offset Kafka returned after {@code expected}
     * @param logStart  the partition's earliest available offset, asked after that
     */
    Optional<Gap> overtaken(int partition, long expected, long firstRead, long logStart) {
        if (logStart <= expected) {
            return Optional.empty();
        }
        return Optional.of(new Gap(partition, expected, Math.min(logStart, firstRead) - 1));
    }

    /** The line for the status and the log about a gap {@link #overtaken} found. */
    String describeOvertaken(Gap gap, long firstRead) {
        return "partition " + gap.partition() + " of topic " + topic + ": " + gap.describe()
                + " (retention overtook this replica while it lagged behind); reading on from offset " + firstRead;
    }

    /**
     * What is known of a partition's position in the source's topic.
     *
     * @param ignoredTopic the topic of a stored batch that was left out because it is another, or null
     */
    record Recorded(OptionalLong position, String ignoredTopic) {
    }

    /**
     * Where to seek, and why.
     *
     * @param warn        whether the explanation is worth a warning (something unusual, or lost)
     * @param firstStart  the source's first start on the topic: where it starts is to be recorded
     * @param explanation one line for the log, and for the status when there is a gap
     */
    record Plan(long offset, Optional<Gap> gap, boolean warn, boolean firstStart, String explanation) {
    }

    /** Offsets {@code from} to {@code to} (both included) of a partition that were never read and are gone. */
    record Gap(int partition, long from, long to) {

        long lost() {
            return to - from + 1;
        }

        String describe() {
            return "offsets " + from + " to " + to + " (" + lost() + " records) were deleted from Kafka (retention)"
                    + " before the pipeline read them: lost";
        }
    }
}

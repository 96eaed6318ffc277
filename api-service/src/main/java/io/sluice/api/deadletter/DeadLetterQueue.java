package io.sluice.api.deadletter;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A pipeline's dead-letter stream. Each call creates the stream if it is missing (with its
 * retention limits), so browsing a pipeline that never failed shows an empty queue.
 */
interface DeadLetterQueue {

    /**
     * Up to {@code limit} dead letters, newest first.
     * @param before only dead letters with a lower sequence; null for the newest
     */
    List<StoredDeadLetter> newest(String pipelineId, int limit, Long before);

    /**
     * Republishes dead letters' original bytes to the pipeline's replay subject, and removes
     * each from the queue only once JetStream acknowledged its republish: a failure part way
     * leaves every dead letter not yet replayed in the queue.
     * @param sequences the dead letters to replay; null for all (oldest first, at most
     * {@code maxCount})
     * @throws ReplayTargetMissingException if the pipeline's data stream does not exist
     * @throws ReplayFailedException if a republish failed; it tells how many were replayed
     */
    ReplayOutcome replay(String pipelineId, List<Long> sequences, int maxCount);

    /**
     * The newest dead letters that {@code wanted} accepts, looking at no more than {@code maxScan}
     * of them: a search over a large queue goes a bounded step at a time, each step continuing
     * below the last sequence it looked at.
     * @param before only dead letters with a lower sequence; null for the newest
     */
    Scan scan(String pipelineId, Predicate<StoredDeadLetter> wanted, int limit, Long before, int maxScan);

    /**
     * Removes one dead letter, without replaying it.
     * @return false when the queue does not hold it (replayed, purged or expired)
     */
    boolean delete(String pipelineId, long sequence);

    /**
     * By pipeline id, how many dead letters each of these pipelines' streams holds (0 if it has none
     * yet), from one listing of the dead-letter streams.
     */
    Map<String, Long> stored(Collection<String> pipelineIds);

    /** Removes every dead letter of the pipeline; returns how many there were. */
    long purge(String pipelineId);

    /**
     * @param replayed how many dead letters were republished and removed
     * @param notFound requested sequences the queue does not hold (already replayed, purged or expired)
     * @param remaining dead letters left in the queue afterwards
     */
    record ReplayOutcome(int replayed, List<Long> notFound, long remaining) {
    }

    /**
     * @param found the dead letters accepted, newest first
     * @param scanned how many dead letters were looked at
     * @param continueBefore where to go on (the {@code before} of the next step) when older dead
     * letters were left unexamined; null when the scan reached the oldest
     * @param total how many dead letters the queue holds
     */
    record Scan(List<StoredDeadLetter> found, int scanned, Long continueBefore, long total) {
    }

}

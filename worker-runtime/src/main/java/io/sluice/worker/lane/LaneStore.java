package io.sluice.worker.lane;

import java.util.Map;

/**
 * Where a stage's replicas record their lanes and announce themselves, apart from every other
 * stage's. Every lane write is a compare-and-set on the revision read, so of two replicas trying
 * to take or move one lane exactly one succeeds.
 */
public interface LaneStore {

    /** What {@link #compareAndSet} returns when another replica wrote the lane first. */
    long LOST = -1;

    /** A lane's record and its revision ({@link LaneProgress#START} and 0 when never written). */
    record Versioned(LaneProgress progress, long revision) {
    }

    Versioned read(String laneKey) throws Exception;

    /**
     * @return the lane's new revision, or {@link #LOST} if it is no longer at {@code expectedRevision}
     */
    long compareAndSet(String laneKey, long expectedRevision, LaneProgress progress) throws Exception;

    /** Records that {@code replica} runs the pipeline's stage at {@code nowMillis}. */
    void heartbeat(String pipelineId, String replica, long nowMillis) throws Exception;

    /** The last heartbeat of each replica running the pipeline's stage. */
    Map<String, Long> heartbeats(String pipelineId) throws Exception;

    /** Removes the replica's heartbeat (it stopped the pipeline cleanly). */
    void leave(String pipelineId, String replica) throws Exception;
}

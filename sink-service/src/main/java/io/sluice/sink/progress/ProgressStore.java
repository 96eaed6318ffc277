package io.sluice.sink.progress;

/**
 * Where lanes record their progress. Every write is a compare-and-set on the revision read, so
 * two replicas never both believe they moved the same lane.
 */
public interface ProgressStore {

    /** The lane's progress and its revision (0 when the lane has none yet). */
    Versioned read(String lane) throws Exception;

    /**
     * Writes {@code progress} if the lane is still at {@code expectedRevision}.
     *
     * @return the lane's new revision, or {@link #LOST} if another replica wrote first
     */
    long compareAndSet(String lane, long expectedRevision, Progress progress) throws Exception;

    /** What {@link #compareAndSet} returns when another replica wrote first. */
    long LOST = -1;

    record Versioned(Progress progress, long revision) {
    }
}

package io.sluice.worker.lane;

/**
 * A lane's record in the lanes bucket: how far its input is processed and who serves it.
 *
 * @param processedSeq     every input batch of the lane up to this stream sequence has its output
 *                         (and dead letters) acknowledged by JetStream (0: none yet); a replica
 *                         taking the lane over starts after it
 * @param owner            the replica serving the lane, or null when it is free
 * @param leaseUntilMillis until when the owner holds the lane without renewing; after it, or
 *                         once the owner no longer heartbeats, any replica may take the lane
 *                         over ({@link LaneAssignment})
 */
public record LaneProgress(long processedSeq, String owner, long leaseUntilMillis) {

    public static final LaneProgress START = new LaneProgress(0, null, 0);

    /** Whether a replica other than the owner may take the lane at {@code nowMillis}. */
    public boolean isFree(long nowMillis) {
        return owner == null || leaseUntilMillis <= nowMillis;
    }
}

package io.sluice.dedup.store;

/**
 * The store refused a lane's claims because the lane's sentinel is gone or marks the lane's state
 * as lost: Redis no longer holds (all) the first sightings the lane claimed before, so claiming
 * would let duplicates of earlier events pass. Nothing of the batch was claimed on a single Redis;
 * on a Redis Cluster nothing in the buckets whose sentinel is gone, while other buckets' claims
 * may have been stored, which is harmless: the batch is not acknowledged, and claimed again its
 * records find their own positions and pass.
 */
public final class StateLostException extends DedupStoreException {

    private final String lane;

    private final String sentinel;

    public StateLostException(String lane, String sentinel) {
        super(sentinel == null ? "Redis no longer holds the sentinel of dedup lane " + lane
                : "Redis holds dedup lane " + lane + " as lost: " + sentinel, null);
        this.lane = lane;
        this.sentinel = sentinel;
    }

    /** The lane (partition number or {@code replay}) whose claims were refused. */
    public String lane() {
        return this.lane;
    }

    /** The sentinel's value when it marks a loss, or null when it is missing. */
    public String sentinel() {
        return this.sentinel;
    }

}

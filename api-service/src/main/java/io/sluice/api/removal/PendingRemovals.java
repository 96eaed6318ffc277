package io.sluice.api.removal;

import java.time.Duration;
import java.time.Instant;

/**
 * Deleted pipelines whose NATS data (data and dead-letter streams, the stages' positions in their
 * KV buckets) is not removed yet. Used by the pipelines feature inside its own transactions.
 */
public interface PendingRemovals {

    /** Records, in the caller's transaction, that the pipeline's data must be removed. */
    void begin(String pipelineId, Instant deletedAt);

    /** Whether the pipeline's data is still to be removed: its id cannot be created again yet. */
    boolean isPending(String pipelineId);

    /** How long a caller refused for a pending removal should wait before trying again. */
    Duration retryAfter();
}

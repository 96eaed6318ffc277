package io.sluice.api.removal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Deleted pipelines whose data outside PostgreSQL (data and dead-letter streams, the stages'
 * positions in their KV buckets, ingest's Kafka consumer groups, dedup keys in Redis) is not
 * removed yet. Used by the
 * pipelines feature inside its own transactions.
 */
public interface PendingRemovals {

    /**
     * Records, in the caller's transaction, that the pipeline's data must be removed.
     * @param sealedDefinition the pipeline's definition JSON as stored, secrets sealed
     */
    void begin(String pipelineId, String sealedDefinition, Instant deletedAt);

    /**
     * The pending removal of the id, if any: its id cannot be created again yet.
     */
    Optional<Pending> find(String pipelineId);

    /** How long a caller refused for a pending removal should wait before trying again. */
    Duration retryAfter();

    /**
     * @param waitingFor what the removal last waited for, or null before its first check
     */
    record Pending(String pipelineId, Instant deletedAt, String waitingFor) {
    }
}

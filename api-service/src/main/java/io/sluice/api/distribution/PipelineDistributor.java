package io.sluice.api.distribution;

import io.sluice.model.control.DesiredState;
import io.sluice.model.definition.PipelineDefinition;

/**
 * Makes a pipeline's definition and desired state visible to the workers (NATS KV). PostgreSQL
 * stays the source of truth: this is called after the database transaction commits, and every
 * definition is published again when the api-service starts, so a lost or wiped bucket recovers.
 */
public interface PipelineDistributor {

    /**
     * Publishes the definition (with secrets in clear: workers need them to connect) and the
     * state workers should bring it to. {@code revision} increases with every change, so a worker
     * can ignore a stale value.
     */
    void publish(PipelineDefinition definition, DesiredState desiredState, long revision);

    /** Tells workers the pipeline is gone: they stop it and release its resources. */
    void remove(String pipelineId);
}

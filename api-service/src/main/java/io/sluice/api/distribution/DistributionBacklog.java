package io.sluice.api.distribution;

import java.util.Set;

/**
 * Pipelines whose latest change is saved in PostgreSQL but not yet written to NATS ("distribution
 * pending"): NATS was unreachable, and a background retry will write it.
 */
public interface DistributionBacklog {

    boolean isPending(String pipelineId);

    Set<String> pendingPipelineIds();
}

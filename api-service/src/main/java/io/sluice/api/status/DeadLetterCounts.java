package io.sluice.api.status;

/**
 * How many dead letters a pipeline's dead-letter stream holds: what is waiting to be replayed or
 * purged, unlike the components' counters, which start over with each replica.
 */
public interface DeadLetterCounts {

    /** Dead letters stored for the pipeline now (0 if it has no dead-letter stream yet); null when NATS cannot tell. */
    Long stored(String pipelineId);
}

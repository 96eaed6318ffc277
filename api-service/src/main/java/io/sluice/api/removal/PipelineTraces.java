package io.sluice.api.removal;

import java.util.List;

/**
 * What the workers keep in NATS about one pipeline, as far as a deleted pipeline's removal needs
 * it. Every method throws {@link TracesUnavailableException} when NATS cannot be reached.
 */
interface PipelineTraces {

    /** Whether the definitions bucket holds no value for the pipeline: workers saw the delete marker. */
    boolean workersTold(String pipelineId);

    /** The status keys of the worker replicas that report the pipeline. */
    List<String> reporting(String pipelineId);

    /**
     * Removes the pipeline's data and dead-letter streams (with their consumers) and its keys in
     * the stages' KV buckets (sink progress, dedup lanes and replica heartbeats, replay ledger).
     * Idempotent: what is gone already is skipped.
     */
    void erase(String pipelineId);
}

package io.sluice.api.removal;

/** The dedup stage's first sightings of a pipeline's keys, in the dedup-service's Redis. */
interface DedupKeys {

    /**
     * Deletes every dedup key of the pipeline, of all its sources.
     * @return how many keys were deleted
     * @throws TracesUnavailableException when Redis cannot be reached or refuses
     */
    long delete(String pipelineId);
}

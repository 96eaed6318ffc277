package io.sluice.api.removal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The dedup stage's first sightings of a pipeline's keys, in the dedup-service's Redis. */
interface DedupKeys {

    /**
     * Deletes every dedup (and join) key of the pipelines, of all their sources, in one walk of
     * Redis's key space whatever their number: the walk's time grows with every key in Redis, so
     * pipelines deleted together are removed together.
     *
     * @return by pipeline, how many of its keys were deleted
     * @throws TracesUnavailableException when Redis cannot be reached or refuses
     */
    Map<String, Long> delete(Collection<String> pipelineIds);

    /** {@link #delete(Collection)} of one pipeline. */
    default long delete(String pipelineId) {
        return delete(List.of(pipelineId)).getOrDefault(pipelineId, 0L);
    }
}

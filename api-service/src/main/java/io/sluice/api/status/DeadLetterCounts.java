package io.sluice.api.status;

import java.util.Collection;
import java.util.Map;

/**
 * How many dead letters a pipeline's dead-letter stream holds: what is waiting to be replayed or
 * purged, unlike the components' counters, which start over with each replica.
 */
public interface DeadLetterCounts {

    /**
     * By pipeline id, the dead letters stored for each of {@code pipelineIds} now (0 if it has no
     * dead-letter stream yet), read in one go: asked of each pipeline's stream, the sampler cost NATS
     * a request and an advisory per pipeline every sample. A pipeline NATS cannot tell about is left out.
     */
    Map<String, Long> stored(Collection<String> pipelineIds);
}

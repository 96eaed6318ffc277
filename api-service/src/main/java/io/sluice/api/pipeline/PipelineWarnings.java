package io.sluice.api.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the workers say of each pipeline, so the list can mark those pipelines: warnings (a
 * guarantee kept weaker than promised while it runs) and problems (a stage cannot run it).
 * Implemented by the status feature, which reads the workers' reports; an interface here keeps
 * the pipelines feature from depending on it.
 */
public interface PipelineWarnings {

    /**
     * What the live replicas of one pipeline say, as its status view says it.
     *
     * @param warnings the distinct warnings of its live replicas; empty when none
     * @param problems why a stage does not run it where it should (a replica of it reports it
     *                 failed: its streams could not be provisioned, it stopped itself), one
     *                 sentence per stage; empty when none
     */
    record Notes(List<String> warnings, List<String> problems) {

        public static final Notes NONE = new Notes(List.of(), List.of());
    }

    /**
     * The notes of each of these pipelines; a pipeline with neither warnings nor problems is
     * absent. Empty when the workers' status cannot be read now: the list must still work.
     */
    Map<String, Notes> of(Collection<String> pipelineIds);
}

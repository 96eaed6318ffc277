package io.sluice.api.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the workers warn about each pipeline (a guarantee kept weaker than promised while it runs),
 * so the list can mark those pipelines. Implemented by the status feature, which reads the
 * workers' reports; an interface here keeps the pipelines feature from depending on it.
 */
public interface PipelineWarnings {

    /**
     * The distinct warnings of the live replicas of each of these pipelines; a pipeline without
     * any is absent. Empty when the workers' status cannot be read now: the list must still work.
     */
    Map<String, List<String>> of(Collection<String> pipelineIds);

    /**
     * Why each of these pipelines does not run where it should (a replica of a stage reports it
     * failed: its streams could not be provisioned, it stopped itself), one sentence per stage; a
     * pipeline without any is absent. Empty when the workers' status cannot be read now.
     */
    Map<String, List<String>> problems(Collection<String> pipelineIds);
}

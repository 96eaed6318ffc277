package io.sluice.api.pipeline;

/** Whether a pipeline exists, so the status of an unknown one is a 404 rather than an empty view. */
public interface PipelineExistence {

    boolean exists(String pipelineId);
}

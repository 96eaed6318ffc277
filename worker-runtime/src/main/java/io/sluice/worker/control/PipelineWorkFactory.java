package io.sluice.worker.control;

import java.util.Optional;

import io.sluice.model.control.Component;
import io.sluice.model.control.PipelineControl;

/** What a worker service plugs into the runtime: how its stage works on a pipeline. */
public interface PipelineWorkFactory {

    Component component();

    /**
     * This stage's work for the pipeline, not yet started; empty when the stage has no part in it
     * (a dedup replica for a pipeline without dedup, a join replica for one without a join).
     */
    Optional<PipelineWork> create(PipelineControl control) throws Exception;
}

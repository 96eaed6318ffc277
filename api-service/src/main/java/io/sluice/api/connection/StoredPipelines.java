package io.sluice.api.connection;

import java.util.Optional;

import io.sluice.model.definition.PipelineDefinition;

/** The stored pipelines, secrets in clear, for putting masked secrets back (see {@link MaskedSecrets}). */
public interface StoredPipelines {

    /** The pipeline's definition with its secrets in clear; empty if there is no such pipeline. */
    Optional<PipelineDefinition> inClear(String pipelineId);
}

package io.sluice.api.pipeline;

/** Published inside the transaction that deleted the pipeline; distributed once it commits. */
record PipelineRemoved(String pipelineId) {
}

package io.sluice.api.pipeline;

import java.time.Instant;

/** One pipeline in a list. */
record PipelineSummary(String id, String name, PipelineStatus status, Instant updatedAt) {
}

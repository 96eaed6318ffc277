package io.sluice.api.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * One pipeline in a list.
 *
 * @param warnings the distinct warnings of its live worker replicas (see the status endpoint):
 *                 it runs, but a guarantee is weaker than promised; empty when none, and when the
 *                 workers' status cannot be read
 */
record PipelineSummary(String id, String name, PipelineStatus status, Instant updatedAt, List<String> warnings) {

    PipelineSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    PipelineSummary withWarnings(List<String> newWarnings) {
        return new PipelineSummary(this.id, this.name, this.status, this.updatedAt, newWarnings);
    }
}

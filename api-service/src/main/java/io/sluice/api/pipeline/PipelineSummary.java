package io.sluice.api.pipeline;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One pipeline in a list.
 *
 * @param warnings the distinct warnings of its live worker replicas (see the status endpoint):
 *                 it runs, but a guarantee is weaker than promised; empty when none, and when the
 *                 workers' status cannot be read
 * @param problems why a stage of it does not run where it should, one sentence per stage; empty
 *                 when none, and when the workers' status cannot be read
 */
record PipelineSummary(String id, String name, PipelineStatus status, Instant updatedAt, List<String> warnings,
        List<String> problems) {

    PipelineSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    PipelineSummary(String id, String name, PipelineStatus status, Instant updatedAt, List<String> warnings) {
        this(id, name, status, updatedAt, warnings, List.of());
    }

    /** {@code ok}, or {@code degraded} when some replica of a stage cannot run it ({@code problems} say why). */
    @JsonProperty
    PipelineHealth health() {
        return PipelineHealth.of(problems);
    }

    PipelineSummary withNotes(PipelineWarnings.Notes notes) {
        return new PipelineSummary(this.id, this.name, this.status, this.updatedAt, notes.warnings(), notes.problems());
    }
}

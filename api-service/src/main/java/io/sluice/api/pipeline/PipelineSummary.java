package io.sluice.api.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * One pipeline in a list.
 *
 * @param warnings the distinct warnings of its live worker replicas (see the status endpoint):
 *                 it runs, but a guarantee is weaker than promised; empty when none, and when the
 *                 workers' status cannot be read
 * @param health   {@code ok}, or {@code degraded} when some replica of a stage cannot run it
 *                 (its status's {@code problems} say why); {@code ok} too when the workers' status
 *                 cannot be read
 * @param problems why it is degraded, one sentence per stage; empty when ok
 */
record PipelineSummary(String id, String name, PipelineStatus status, Instant updatedAt, List<String> warnings,
        PipelineHealth health, List<String> problems) {

    PipelineSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        problems = problems == null ? List.of() : List.copyOf(problems);
        health = PipelineHealth.of(problems);
    }

    PipelineSummary(String id, String name, PipelineStatus status, Instant updatedAt, List<String> warnings) {
        this(id, name, status, updatedAt, warnings, null, List.of());
    }

    PipelineSummary withWarnings(List<String> newWarnings, List<String> newProblems) {
        return new PipelineSummary(this.id, this.name, this.status, this.updatedAt, newWarnings, null, newProblems);
    }
}

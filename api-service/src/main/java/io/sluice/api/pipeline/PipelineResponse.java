package io.sluice.api.pipeline;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import io.sluice.model.definition.PipelineDefinition;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A pipeline as the API shows it.
 *
 * @param version changes with every edit and transition; the {@code ETag} is this number quoted
 * @param definition the definition JSON with every secret replaced by {@code "********"}
 * @param warnings   only in the answer to a start or resume: what weakens the pipeline's guarantees
 *                   on its ClickHouse table (at-least-once accepted, the table not checkable now)
 */
record PipelineResponse(String id, String name, PipelineStatus status, long version, Instant createdAt,
        Instant updatedAt, @Schema(implementation = PipelineDefinition.class) @JsonRawValue String definition,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    PipelineResponse withWarnings(List<String> warnings) {
        return new PipelineResponse(id, name, status, version, createdAt, updatedAt, definition, List.copyOf(warnings));
    }
}

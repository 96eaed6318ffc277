package io.sluice.api.pipeline;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.sluice.model.definition.PipelineDefinition;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A pipeline as the API shows it.
 *
 * @param version changes with every edit and transition; the {@code ETag} is this number quoted
 * @param definition the definition JSON with every secret replaced by {@code "********"}
 */
record PipelineResponse(String id, String name, PipelineStatus status, long version, Instant createdAt,
        Instant updatedAt, @Schema(implementation = PipelineDefinition.class) @JsonRawValue String definition) {
}

package io.sluice.model.control;

import java.time.Instant;
import java.util.Objects;

import io.sluice.model.definition.PipelineDefinition;

/**
 * What the api-service tells the workers about one pipeline: the value in the definitions KV
 * bucket under the key {@link ControlKeys#definitionKey(String) pipeline id}. A deleted pipeline
 * has no value (the key holds a delete marker): workers stop it and release its resources.
 *
 * <p>The definition carries its secrets in clear, because the workers connect to Kafka and
 * ClickHouse with them; {@link #toString()} masks them, as the definition records do.
 *
 * @param revision increases with every change of the pipeline in the api-service, so a worker can
 * tell a stale value from a newer one
 * @param updatedAt when the api-service published this value
 */
public record PipelineControl(PipelineDefinition definition, DesiredState desiredState, long revision,
        Instant updatedAt) {

    public PipelineControl {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(desiredState, "desiredState");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The pipeline this value controls. */
    public String pipelineId() {
        return this.definition.id();
    }

}

package io.sluice.api.removal;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A deleted pipeline whose data outside PostgreSQL is still to be removed (table {@code pipeline_removal}). */
@Entity
@Table(name = "pipeline_removal")
class PipelineRemovalEntity {

    @Id
    private String pipelineId;

    /** The definition JSON with its secrets sealed ({@code enc:v1:…}). */
    private String definition;

    private Instant deletedAt;

    private String waitingFor;

    protected PipelineRemovalEntity() {
    }

    PipelineRemovalEntity(String pipelineId, String definition, Instant deletedAt) {
        this.pipelineId = pipelineId;
        this.definition = definition;
        this.deletedAt = deletedAt;
    }

    String pipelineId() {
        return pipelineId;
    }

    String definition() {
        return definition;
    }

    Instant deletedAt() {
        return deletedAt;
    }

    String waitingFor() {
        return waitingFor;
    }
}

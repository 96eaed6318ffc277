package io.sluice.api.removal;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A deleted pipeline whose NATS data is still to be removed (table {@code pipeline_removal}). */
@Entity
@Table(name = "pipeline_removal")
class PipelineRemovalEntity {

    @Id
    private String pipelineId;

    private Instant deletedAt;

    protected PipelineRemovalEntity() {
    }

    PipelineRemovalEntity(String pipelineId, Instant deletedAt) {
        this.pipelineId = pipelineId;
        this.deletedAt = deletedAt;
    }

    String pipelineId() {
        return pipelineId;
    }

    Instant deletedAt() {
        return deletedAt;
    }
}

package io.sluice.api.pipeline;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of a pipeline's history; written once, never changed. */
@Entity
@Table(name = "pipeline_event")
class PipelineEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String pipelineId;

    private Instant occurredAt;

    @Enumerated(EnumType.STRING)
    private EventKind kind;

    @Enumerated(EnumType.STRING)
    private PipelineStatus fromStatus;

    @Enumerated(EnumType.STRING)
    private PipelineStatus toStatus;

    private String reason;

    private String actor;

    protected PipelineEventEntity() {
    }

    PipelineEventEntity(String pipelineId, Instant occurredAt, EventKind kind, PipelineStatus fromStatus,
            PipelineStatus toStatus, String reason, String actor) {
        this.pipelineId = pipelineId;
        this.occurredAt = occurredAt;
        this.kind = kind;
        this.fromStatus = fromStatus;
        this.toStatus = toStatus;
        this.reason = reason;
        this.actor = actor;
    }

    long id() {
        return this.id;
    }

    EventResponse toResponse() {
        return new EventResponse(this.id, this.occurredAt, this.kind, this.fromStatus, this.toStatus, this.reason,
                this.actor);
    }

}

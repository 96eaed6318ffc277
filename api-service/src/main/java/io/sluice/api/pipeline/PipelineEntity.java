package io.sluice.api.pipeline;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A stored pipeline. Never leaves {@link PipelineService}: the API answers with records. */
@Entity
@Table(name = "pipeline")
class PipelineEntity {

    @Id
    private String id;

    private String name;

    /** The definition JSON with its secrets sealed ({@code enc:v1:…}). */
    private String definition;

    @Enumerated(EnumType.STRING)
    private PipelineStatus status;

    // A wrapper, so that Spring Data sees a new entity (null version) and inserts it rather than merging.
    @Version
    private Long version;

    /** Id of the event that produced the current state: increases with every change, across all pipelines. */
    private long revision;

    private Instant createdAt;

    private Instant updatedAt;

    protected PipelineEntity() {
    }

    PipelineEntity(String id, String name, String definition, long revision, Instant now) {
        this.id = id;
        this.name = name;
        this.definition = definition;
        this.status = PipelineStatus.CREATED;
        this.revision = revision;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void edit(String name, String definition, long revision, Instant now) {
        this.name = name;
        this.definition = definition;
        this.revision = revision;
        this.updatedAt = now;
    }

    void moveTo(PipelineStatus status, long revision, Instant now) {
        this.status = status;
        this.revision = revision;
        this.updatedAt = now;
    }

    String id() {
        return this.id;
    }

    String name() {
        return this.name;
    }

    String definition() {
        return this.definition;
    }

    PipelineStatus status() {
        return this.status;
    }

    long version() {
        return (this.version != null) ? this.version : 0;
    }

    long revision() {
        return this.revision;
    }

    Instant createdAt() {
        return this.createdAt;
    }

    Instant updatedAt() {
        return this.updatedAt;
    }

}

package io.sluice.model.definition;

import java.util.List;

/**
 * A pipeline as the user defines it: Kafka sources, optional per-source dedup, an optional
 * temporal join of two sources, an optional filter and one ClickHouse sink.
 *
 * <p>Records here are plain data and may be invalid (they are what the user sent); the
 * validation package's {@code PipelineValidator} says what is wrong with them. This package does
 * not depend on validation: validation depends on it.
 */
public record PipelineDefinition(String id, String name, List<SourceDefinition> sources,
        JoinDefinition join, String filter, SinkDefinition sink) {

    /** What every secret is replaced by in {@link #withSecretsMasked()}. */
    public static final String MASKED_SECRET = "********";

    public PipelineDefinition {
        sources = ListCopies.keepingNulls(sources);
    }

    /** The source with this id, or null. */
    public SourceDefinition source(String sourceId) {
        for (SourceDefinition source : this.sources) {
            if (source != null && source.id() != null && source.id().equals(sourceId)) {
                return source;
            }
        }
        return null;
    }

    /**
     * A copy safe to show to users and write to logs: Kafka passwords, CA certificates and the
     * ClickHouse password are replaced by {@link #MASKED_SECRET}; absent or empty ones stay so.
     */
    public PipelineDefinition withSecretsMasked() {
        List<SourceDefinition> masked = this.sources.stream()
            .map((source) -> (source != null) ? source.withSecretsMasked() : null)
            .toList();
        return new PipelineDefinition(this.id, this.name, masked, this.join, this.filter,
                (this.sink != null) ? this.sink.withSecretsMasked() : null);
    }

}

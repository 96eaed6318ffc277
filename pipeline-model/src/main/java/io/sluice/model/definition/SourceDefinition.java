package io.sluice.model.definition;

/**
 * One Kafka topic read by the pipeline.
 *
 * @param initialOffset where a new pipeline starts reading; {@link InitialOffset#EARLIEST} when
 * absent
 * @param dedup first-wins deduplication of this source, or null for none
 */
public record SourceDefinition(String id, KafkaConnection connection, String topic,
        InitialOffset initialOffset, Schema schema, DedupDefinition dedup) {

    public SourceDefinition {
        if (initialOffset == null) {
            initialOffset = InitialOffset.EARLIEST;
        }
    }

    SourceDefinition withSecretsMasked() {
        return new SourceDefinition(this.id, (this.connection != null) ? this.connection.withSecretsMasked() : null,
                this.topic, this.initialOffset, this.schema, this.dedup);
    }

}

package io.sluice.kafka;

/**
 * The Kafka consumer group of a pipeline's source, {@code sluice-<pipeline>-<source>}: where
 * ingest commits what JetStream acknowledged, and where the api-service deletes it from once the
 * pipeline is deleted, so a pipeline created again under the id starts at its initial offset.
 * Must stay equal to the ingest's {@code SourceIngest.groupId}.
 */
public final class ConsumerGroupIds {

    private ConsumerGroupIds() {
    }

    public static String ingest(String pipelineId, String sourceId) {
        return "sluice-" + pipelineId + "-" + sourceId;
    }
}

package io.sluice.kafka;

/**
 * The Kafka consumer group of a pipeline's source, {@code sluice-<pipeline>-<source>}: where
 * ingest commits what JetStream acknowledged, and where the api-service deletes it from once the
 * pipeline is deleted, so a pipeline created again under the id starts at its initial offset.
 * The one place the name is made: both sides call this.
 */
public final class ConsumerGroupIds {

    private ConsumerGroupIds() {
    }

    public static String ingest(String pipelineId, String sourceId) {
        return "sluice-" + pipelineId + "-" + sourceId;
    }
}

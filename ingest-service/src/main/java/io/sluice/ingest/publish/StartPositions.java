package io.sluice.ingest.publish;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Where a {@code latest} source started reading a topic's partitions on its first start. The
 * stream holds a position only once a batch arrived, and Kafka forgets a group's offsets after
 * {@code offsets.retention.minutes}: without this record a source that started on a quiet topic
 * and was paused longer than that would take its next start for a first one, and jump to the end.
 */
public interface StartPositions {

    /** Where the source started reading this partition of the topic, if that was recorded. */
    OptionalLong startOf(String pipelineId, String sourceId, String topic, int partition) throws IOException;

    /** Whether the source started reading the topic before, in any partition. */
    boolean startedBefore(String pipelineId, String sourceId, String topic) throws IOException;

    void record(String pipelineId, String sourceId, String topic, int partition, long offset) throws IOException;
}

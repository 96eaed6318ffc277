package io.sluice.dedup.lane;

/**
 * One input lane of the dedup stage: the ingest subject of one partition of one source. A lane is
 * served by one replica at a time, which keeps the lane's batches in stream order — the order of
 * the Kafka partition — while several of them are in flight.
 *
 * @param key     the lane's key in the lanes bucket, {@code <pipeline>.<source>.<partition>}
 * @param subject the ingest subject it reads
 */
public record Lane(String key, String sourceId, int partition, String subject) {

    public static Lane of(String pipelineId, String sourceId, int partition, String subject) {
        return new Lane(pipelineId + "." + sourceId + "." + partition, sourceId, partition, subject);
    }
}

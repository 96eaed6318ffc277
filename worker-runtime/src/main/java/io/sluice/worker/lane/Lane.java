package io.sluice.worker.lane;

/**
 * One input lane of a stage: the subject of one partition of one source that the stage reads (for
 * dedup the source's ingest output). A lane is served by one replica at a time, which keeps the
 * lane's batches in stream order — the order of the Kafka partition — while several of them are in
 * flight.
 *
 * <p>Besides the partitions, a source has one more lane when dead letters were replayed into it:
 * ingest publishes those on {@code …ingest.<source>.replay} (see {@code NatsNames.ingestReplaySubject}),
 * whose batches name their own partition; dedup publishes its output of them on
 * {@code …dedup.<source>.replay}.
 *
 * @param key     the lane's key in the lanes bucket, {@code <pipeline>.<source>.<partition or replay>}
 * @param part    the subject's last token: the partition number, or {@code replay}
 * @param subject the subject it reads
 */
public record Lane(String key, String sourceId, String part, String subject) {

    public static Lane of(String pipelineId, String sourceId, String part, String subject) {
        return new Lane(pipelineId + "." + sourceId + "." + part, sourceId, part, subject);
    }

    public static Lane of(String pipelineId, String sourceId, int partition, String subject) {
        return of(pipelineId, sourceId, Integer.toString(partition), subject);
    }
}

package io.sluice.sink.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sluice.sink.clickhouse.ClickHouseReplicas;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.WorkStats;

/**
 * The sink of one pipeline in this replica: its lanes, which run on the sink's shared threads while
 * they have work (SinkLane), and one ClickHouse client per ClickHouse replica.
 */
final class SinkWork implements PipelineWork {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final List<SinkLane> lanes;
    private final ClickHouseReplicas replicas;
    private final SinkMetrics metrics;
    private final List<String> warnings;

    /**
     * @param warnings what weakens this pipeline's guarantees, found when it started (shown in status,
     * with the ClickHouse replicas that failed and do not answer yet)
     */
    SinkWork(List<SinkLane> lanes, ClickHouseReplicas replicas, SinkMetrics metrics, List<String> warnings) {
        this.lanes = lanes;
        this.replicas = replicas;
        this.metrics = metrics;
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public List<String> warnings() {
        List<String> replicaWarnings = replicas.warnings();
        if (replicaWarnings.isEmpty()) {
            return warnings;
        }
        List<String> all = new ArrayList<>(warnings);
        all.addAll(replicaWarnings);
        return all;
    }

    @Override
    public Map<String, String> servers() {
        return Map.of("clickhouse", replicas.current().url());
    }

    @Override
    public void start() {
        lanes.forEach(SinkLane::start);
    }

    @Override
    public void pause() throws InterruptedException {
        lanes.forEach(SinkLane::stop);
        for (SinkLane lane : lanes) {
            // The block in flight finishes and commits; a lane waiting out a backoff is woken.
            lane.awaitEnd(DRAIN_TIMEOUT);
        }
    }

    @Override
    public void resume() {
        lanes.forEach(SinkLane::resume);
        start();
    }

    @Override
    public void stop() throws Exception {
        pause();
        replicas.close();
    }

    /** Other replicas hold every lane of the pipeline. */
    @Override
    public boolean standingBy() {
        return !lanes.isEmpty() && lanes.stream().allMatch(SinkLane::standingBy);
    }

    @Override
    public WorkStats stats() {
        long lag = 0;
        String lastError = null;
        boolean failed = false;
        for (SinkLane lane : lanes) {
            lag += lane.pending();
            lastError = lane.lastError() != null ? lane.lastError() : lastError;
            failed |= lane.failed();
        }
        return metrics.stats(lag, lastError, failed);
    }
}

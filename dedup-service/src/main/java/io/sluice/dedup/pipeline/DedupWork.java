package io.sluice.dedup.pipeline;

import java.util.List;
import java.util.concurrent.ExecutorService;

import io.sluice.dedup.lane.LaneCoordinator;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.WorkStats;
import io.sluice.worker.nats.StreamProvisioner;

/** The dedup stage of one pipeline in this replica: the lanes it serves, shared with the other replicas. */
final class DedupWork implements PipelineWork {

    private final String pipelineId;
    private final StreamProvisioner streams;
    private final LaneCoordinator lanes;
    private final ExecutorService publisher;
    private final DedupMetrics metrics;

    DedupWork(String pipelineId, StreamProvisioner streams, LaneCoordinator lanes, ExecutorService publisher,
            DedupMetrics metrics) {
        this.pipelineId = pipelineId;
        this.streams = streams;
        this.lanes = lanes;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Override
    public void start() throws Exception {
        streams.ensureStreams(pipelineId);
        lanes.start();
    }

    @Override
    public void pause() throws Exception {
        lanes.stop();
    }

    @Override
    public void resume() throws Exception {
        start();
    }

    @Override
    public void stop() throws Exception {
        pause();
        publisher.shutdown();
    }

    /** The lanes this replica serves now, by key. */
    List<String> servedLanes() {
        return lanes.servedLanes();
    }

    @Override
    public WorkStats stats() {
        return metrics.stats(lanes.pending(), lanes.lastError());
    }
}

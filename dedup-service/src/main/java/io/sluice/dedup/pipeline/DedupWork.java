package io.sluice.dedup.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.sluice.dedup.state.StateGuard;
import io.sluice.nats.PipelineStreams;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.WorkStats;
import io.sluice.worker.lane.LaneCoordinator;

/** The dedup stage of one pipeline in this replica: the lanes it serves, shared with the other replicas. */
final class DedupWork implements PipelineWork {

    private final String pipelineId;
    private final PipelineStreams streams;
    private final LaneCoordinator lanes;
    private final ExecutorService publisher;
    private final DedupMetrics metrics;
    private final StateGuard guard;
    private final Map<String, String> servers;

    /** @param guard watches the Redis state of the pipeline's dedup keys; null when no source dedups (only filters) */
    DedupWork(String pipelineId, PipelineStreams streams, LaneCoordinator lanes, ExecutorService publisher,
            DedupMetrics metrics, StateGuard guard, Map<String, String> servers) {
        this.pipelineId = pipelineId;
        this.streams = streams;
        this.lanes = lanes;
        this.publisher = publisher;
        this.metrics = metrics;
        this.guard = guard;
        this.servers = Map.copyOf(servers);
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

    /** Resuming is how a user acknowledges a loss of Redis state that stopped the lanes (see {@link StateGuard}). */
    @Override
    public void resume() throws Exception {
        if (guard != null) {
            guard.acknowledge();
        }
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

    /** Other replicas serve every lane (partition) of the pipeline: this one stands ready. */
    @Override
    public boolean standingBy() {
        return lanes.standingBy();
    }

    /**
     * A loss of Redis state that stopped the lanes makes the stage failed, with the reason; else the
     * latest error. Weakened guarantees that do not stop the lanes (a loss gone past with
     * {@code on-state-loss=warn}, Redis settings that risk dedup state) are {@link #warnings()}.
     */
    @Override
    public WorkStats stats() {
        if (guard == null) {
            return metrics.stats(lanes.pending(), lanes.lastError(), false);
        }
        String loss = guard.lossMessage();
        if (loss != null) {
            return metrics.stats(lanes.pending(), loss, true);
        }
        return metrics.stats(lanes.pending(), lanes.lastError(), false);
    }

    @Override
    public List<String> warnings() {
        return guard == null ? List.of() : guard.warnings();
    }

    @Override
    public Map<String, String> servers() {
        return servers;
    }
}

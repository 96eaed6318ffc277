package io.sluice.join.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sluice.join.output.ShardWorker;
import io.sluice.join.state.JoinStateGuard;
import io.sluice.join.state.RedisJoinStore;
import io.sluice.nats.PipelineStreams;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.WorkStats;
import io.sluice.worker.lane.LaneCoordinator;

/**
 * The join stage's work for one pipeline in this replica: its share of the two sides' input lanes
 * (applied to the join state) and its share of the state's shards (windows ended, outbox published).
 */
final class JoinWork implements PipelineWork {

    private final String pipelineId;
    private final PipelineStreams streams;
    private final LaneCoordinator lanes;
    private final ShardWorker shards;
    private final RedisJoinStore store;
    private final JoinMetrics metrics;
    private final JoinStateGuard guard;
    private final Map<String, String> servers;

    JoinWork(String pipelineId, PipelineStreams streams, LaneCoordinator lanes, ShardWorker shards, RedisJoinStore store,
            JoinMetrics metrics, JoinStateGuard guard, Map<String, String> servers) {
        this.guard = guard;
        this.servers = Map.copyOf(servers);
        this.pipelineId = pipelineId;
        this.streams = streams;
        this.lanes = lanes;
        this.shards = shards;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void start() throws Exception {
        streams.ensureStreams(pipelineId);
        lanes.start();
        shards.start();
    }

    /** Stops taking input; what is in the state waits there, and its outbox is published on resume. */
    @Override
    public void pause() throws Exception {
        lanes.stop();
        shards.stop();
    }

    /** Redis settings that put the join state at risk (no AOF, an evicting policy), for status. */
    @Override
    public List<String> warnings() {
        return guard.warnings();
    }

    @Override
    public Map<String, String> servers() {
        return servers;
    }

    /** Resuming is how a user acknowledges a loss of join state that stopped the join (see {@link JoinStateGuard}). */
    @Override
    public void resume() throws Exception {
        guard.acknowledge();
        start();
    }

    @Override
    public void stop() throws Exception {
        pause();
        store.close();
        metrics.remove();
    }

    @Override
    public WorkStats stats() {
        // Asked of every shard at once, and waited for 2 s in all: a Redis that does not answer
        // must not hold up the heartbeat (the lanes report it as their error).
        try {
            RedisJoinStore.State state = store.state().get(2, TimeUnit.SECONDS);
            metrics.state(state.waiting(), state.bytes());
        } catch (Exception e) {
            // The gauges keep their last values.
        }
        String loss = guard.lossMessage();
        if (loss != null) {
            return metrics.stats(lanes.pending(), loss, true);
        }
        String error = lanes.lastError() != null ? lanes.lastError() : shards.lastError();
        return metrics.stats(lanes.pending(), error, false);
    }
}

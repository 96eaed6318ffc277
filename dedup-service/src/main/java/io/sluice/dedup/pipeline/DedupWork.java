package io.sluice.dedup.pipeline;

import java.util.List;

import io.sluice.worker.consume.DurableConsumerLoop;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.WorkStats;
import io.sluice.worker.nats.StreamProvisioner;

/** The dedup stage of one pipeline in this replica: one consumer loop per source it dedups or filters. */
final class DedupWork implements PipelineWork {

    private final String pipelineId;
    private final StreamProvisioner streams;
    private final List<DurableConsumerLoop> loops;
    private final DedupMetrics metrics;

    DedupWork(String pipelineId, StreamProvisioner streams, List<DurableConsumerLoop> loops, DedupMetrics metrics) {
        this.pipelineId = pipelineId;
        this.streams = streams;
        this.loops = loops;
        this.metrics = metrics;
    }

    @Override
    public void start() throws Exception {
        streams.ensureStreams(pipelineId);
        for (DurableConsumerLoop loop : loops) {
            loop.start();
        }
    }

    @Override
    public void pause() throws Exception {
        for (DurableConsumerLoop loop : loops) {
            loop.stop();
        }
    }

    @Override
    public void resume() throws Exception {
        start();
    }

    @Override
    public void stop() throws Exception {
        pause();
    }

    @Override
    public WorkStats stats() {
        long lag = 0;
        String lastError = null;
        for (DurableConsumerLoop loop : loops) {
            lag += Math.max(0, loop.pending());
            if (loop.lastError() != null) {
                lastError = loop.lastError();
            }
        }
        return metrics.stats(lag, lastError);
    }
}

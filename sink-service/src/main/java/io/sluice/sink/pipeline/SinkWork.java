package io.sluice.sink.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.clickhouse.client.api.Client;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.WorkStats;

/** The sink of one pipeline in this replica: one thread per lane, one ClickHouse client. */
final class SinkWork implements PipelineWork {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final String pipelineId;
    private final List<SinkLane> lanes;
    private final Client client;
    private final SinkMetrics metrics;
    private final List<String> warnings;
    private final List<Thread> threads = new ArrayList<>();

    /** @param warnings what weakens this pipeline's guarantees, found when it started (shown in status) */
    SinkWork(String pipelineId, List<SinkLane> lanes, Client client, SinkMetrics metrics, List<String> warnings) {
        this.pipelineId = pipelineId;
        this.lanes = lanes;
        this.client = client;
        this.metrics = metrics;
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void start() {
        for (int i = 0; i < lanes.size(); i++) {
            threads.add(DaemonThreads.start("sink-" + pipelineId + "-" + i, lanes.get(i)));
        }
    }

    @Override
    public void pause() throws InterruptedException {
        lanes.forEach(SinkLane::stop);
        for (Thread thread : threads) {
            // The block in flight finishes and commits; a lane waiting out a backoff is woken.
            thread.join(DRAIN_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join();
            }
        }
        threads.clear();
    }

    @Override
    public void resume() {
        lanes.forEach(SinkLane::resume);
        start();
    }

    @Override
    public void stop() throws Exception {
        pause();
        client.close();
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

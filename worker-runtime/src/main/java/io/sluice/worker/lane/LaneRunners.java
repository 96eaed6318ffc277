package io.sluice.worker.lane;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.nats.client.JetStream;
import io.sluice.retry.Backoff;
import io.sluice.worker.purge.InputPurger;

/** Makes the runner of a lane this replica took: everything a {@link LaneRunner} needs, per pipeline. */
public final class LaneRunners {

    /**
     * @param stream        the pipeline's data stream
     * @param maxInFlight   batches of one lane in flight at once
     * @param lease         how long a lane stays ours without a progress write
     * @param purgeInterval how often a lane purges the input it processed
     */
    public record Settings(String pipelineId, String replica, String stream, int maxInFlight, Duration lease,
            Duration purgeInterval) {
    }

    private final Settings settings;
    private final LaneStore store;
    private final JetStream jetStream;
    private final Map<String, LaneHandler> handlers;
    private final InputPurger purger;
    private final Backoff backoff;
    private final Clock clock;

    /** @param handlers the batch handler of each source, by source id */
    public LaneRunners(Settings settings, LaneStore store, JetStream jetStream, Map<String, LaneHandler> handlers,
            InputPurger purger, Backoff backoff, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.jetStream = jetStream;
        this.handlers = Map.copyOf(handlers);
        this.purger = purger;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** @param bell rung once the runner's first batch is done: its outputs may be a new lane of the stage after */
    LaneRunner runner(Lane lane, LaneStore.Versioned taken, LaneThreads threads, LaneBell bell) {
        LaneHandler handler = handlers.get(lane.sourceId());
        if (handler == null) {
            throw new IllegalArgumentException("no lane handler for source " + lane.sourceId() + " of pipeline "
                    + settings.pipelineId());
        }
        return new LaneRunner(new LaneRunner.Settings(settings.pipelineId(), lane, settings.replica(), settings.stream(),
                settings.maxInFlight(), settings.lease(), settings.purgeInterval()), store, taken, jetStream, handler, purger,
                backoff, clock, threads, bell::ring);
    }
}

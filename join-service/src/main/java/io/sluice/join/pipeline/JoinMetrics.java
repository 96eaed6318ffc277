package io.sluice.join.pipeline;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.join.input.SideApplier;
import io.sluice.join.output.ShardPublisher;
import io.sluice.join.state.Applied;
import io.sluice.worker.control.WorkStats;

/**
 * One pipeline's join counters: Micrometer meters tagged by pipeline ({@code sluice.join.*}), and
 * the totals status reports. Left and right events in count what this replica applied; rows,
 * unmatched, filtered and dead letters what it published; waiting and state bytes are the whole
 * pipeline's, read from Redis at each report.
 */
public final class JoinMetrics {

    private final MeterRegistry registry;
    private final List<Meter> meters;
    private final Counter leftIn;
    private final Counter rightIn;
    private final Counter joined;
    private final Counter unmatched;
    private final Counter filtered;
    private final Counter deadLetters;
    private final AtomicLong inTotal = new AtomicLong();
    private final AtomicLong outTotal = new AtomicLong();
    private final AtomicLong unmatchedTotal = new AtomicLong();
    private final AtomicLong deadLettersTotal = new AtomicLong();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong stateBytes = new AtomicLong();

    public JoinMetrics(MeterRegistry registry, String pipelineId) {
        this.registry = registry;
        this.leftIn = Counter.builder("sluice.join.left.in").tag("pipeline", pipelineId).register(registry);
        this.rightIn = Counter.builder("sluice.join.right.in").tag("pipeline", pipelineId).register(registry);
        this.joined = Counter.builder("sluice.join.rows.out").tag("pipeline", pipelineId).register(registry);
        this.unmatched = Counter.builder("sluice.join.unmatched").tag("pipeline", pipelineId).register(registry);
        this.filtered = Counter.builder("sluice.join.filtered").tag("pipeline", pipelineId).register(registry);
        this.deadLetters = Counter.builder("sluice.join.dead.letters").tag("pipeline", pipelineId).register(registry);
        Gauge waitingGauge = Gauge.builder("sluice.join.waiting", waiting, AtomicLong::get).tag("pipeline", pipelineId)
                .register(registry);
        Gauge bytesGauge = Gauge.builder("sluice.join.state.bytes", stateBytes, AtomicLong::get).tag("pipeline", pipelineId)
                .baseUnit("bytes").register(registry);
        this.meters = List.of(leftIn, rightIn, joined, unmatched, filtered, deadLetters, waitingGauge, bytesGauge);
    }

    void applied(SideApplier.Side side, List<Applied> results) {
        long fresh = results.stream().filter(result -> result.outcome() != Applied.Outcome.ALREADY_APPLIED).count();
        (side == SideApplier.Side.LEFT ? leftIn : rightIn).increment(fresh);
        inTotal.addAndGet(fresh);
    }

    void published(ShardPublisher.Published published) {
        joined.increment(published.rows());
        unmatched.increment(published.unmatched());
        filtered.increment(published.filtered());
        deadLetters.increment(published.deadLetters());
        outTotal.addAndGet(published.rows());
        unmatchedTotal.addAndGet(published.unmatched());
        deadLettersTotal.addAndGet(published.deadLetters());
    }

    void state(long waitingNow, long bytesNow) {
        waiting.set(waitingNow);
        stateBytes.set(bytesNow);
    }

    /** The unmatched count goes where dedup reports duplicates: events in that gave no row. */
    WorkStats stats(long lag, String lastError, boolean failed) {
        return new WorkStats(inTotal.get(), outTotal.get(), unmatchedTotal.get(), deadLettersTotal.get(), lag, lastError, failed);
    }

    void remove() {
        meters.forEach(registry::remove);
    }
}

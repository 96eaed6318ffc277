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
import io.sluice.model.control.JoinCounts;
import io.sluice.worker.control.WorkStats;

/**
 * One pipeline's join counters: Micrometer meters tagged by pipeline ({@code sluice.join.*}), and
 * the totals status reports. Left and right events in count what this replica applied; rows out,
 * joined, unmatched, filtered and dead letters what it published; waiting and state bytes are the
 * whole pipeline's, read from Redis at each report.
 */
public final class JoinMetrics {

    private final MeterRegistry registry;
    private final List<Meter> meters;
    private final Counter leftIn;
    private final Counter rightIn;
    private final Counter rowsOut;
    private final Counter joined;
    private final Counter unmatched;
    private final Counter filtered;
    private final Counter deadLetters;
    private final AtomicLong leftTotal = new AtomicLong();
    private final AtomicLong rightTotal = new AtomicLong();
    private final AtomicLong outTotal = new AtomicLong();
    private final AtomicLong joinedTotal = new AtomicLong();
    private final AtomicLong unmatchedTotal = new AtomicLong();
    private final AtomicLong deadLettersTotal = new AtomicLong();
    private final AtomicLong filteredTotal = new AtomicLong();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong stateBytes = new AtomicLong();

    public JoinMetrics(MeterRegistry registry, String pipelineId) {
        this.registry = registry;
        this.leftIn = Counter.builder("sluice.join.left.in").tag("pipeline", pipelineId).register(registry);
        this.rightIn = Counter.builder("sluice.join.right.in").tag("pipeline", pipelineId).register(registry);
        this.rowsOut = Counter.builder("sluice.join.rows.out").tag("pipeline", pipelineId).register(registry);
        this.joined = Counter.builder("sluice.join.joined").tag("pipeline", pipelineId).register(registry);
        this.unmatched = Counter.builder("sluice.join.unmatched").tag("pipeline", pipelineId).register(registry);
        this.filtered = Counter.builder("sluice.join.filtered").tag("pipeline", pipelineId).register(registry);
        this.deadLetters = Counter.builder("sluice.join.dead.letters").tag("pipeline", pipelineId).register(registry);
        Gauge waitingGauge = Gauge.builder("sluice.join.waiting", waiting, AtomicLong::get).tag("pipeline", pipelineId)
                .register(registry);
        Gauge bytesGauge = Gauge.builder("sluice.join.state.bytes", stateBytes, AtomicLong::get).tag("pipeline", pipelineId)
                .baseUnit("bytes").register(registry);
        this.meters = List.of(leftIn, rightIn, rowsOut, joined, unmatched, filtered, deadLetters, waitingGauge, bytesGauge);
    }

    void applied(SideApplier.Side side, List<Applied> results) {
        long fresh = results.stream().filter(result -> result.outcome() != Applied.Outcome.ALREADY_APPLIED).count();
        (side == SideApplier.Side.LEFT ? leftIn : rightIn).increment(fresh);
        (side == SideApplier.Side.LEFT ? leftTotal : rightTotal).addAndGet(fresh);
    }

    void published(ShardPublisher.Published published) {
        rowsOut.increment(published.rows());
        joined.increment(published.joined());
        unmatched.increment(published.unmatched());
        filtered.increment(published.filtered());
        deadLetters.increment(published.deadLetters());
        outTotal.addAndGet(published.rows());
        joinedTotal.addAndGet(published.joined());
        unmatchedTotal.addAndGet(published.unmatched());
        deadLettersTotal.addAndGet(published.deadLetters());
        filteredTotal.addAndGet(published.filtered());
    }

    void state(long waitingNow, long bytesNow) {
        waiting.set(waitingNow);
        stateBytes.set(bytesNow);
    }

    /** In counts both sides; a join drops no duplicates (dedup did), so its own counters say the rest. */
    WorkStats stats(long lag, String lastError, boolean failed) {
        JoinCounts join = new JoinCounts(leftTotal.get(), rightTotal.get(), joinedTotal.get(), unmatchedTotal.get(),
                waiting.get(), stateBytes.get());
        return new WorkStats(leftTotal.get() + rightTotal.get(), outTotal.get(), 0, deadLettersTotal.get(), lag,
                lastError, failed, null, null, join, filteredTotal.get());
    }

    void remove() {
        meters.forEach(registry::remove);
    }
}

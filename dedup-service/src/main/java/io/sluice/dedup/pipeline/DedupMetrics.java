package io.sluice.dedup.pipeline;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.dedup.batch.DedupResult;
import io.sluice.worker.control.WorkStats;

/** One pipeline's dedup counters: Micrometer meters tagged by pipeline, and the totals status reports. */
final class DedupMetrics {

    private final Counter in;
    private final Counter out;
    private final Counter duplicates;
    private final Counter filtered;
    private final Counter deadLetters;
    private final AtomicLong inTotal = new AtomicLong();
    private final AtomicLong outTotal = new AtomicLong();
    private final AtomicLong duplicatesTotal = new AtomicLong();
    private final AtomicLong deadLettersTotal = new AtomicLong();
    private final AtomicLong filteredTotal = new AtomicLong();

    DedupMetrics(MeterRegistry registry, String pipelineId) {
        this.in = Counter.builder("sluice.dedup.events.in").tag("pipeline", pipelineId).register(registry);
        this.out = Counter.builder("sluice.dedup.events.out").tag("pipeline", pipelineId).register(registry);
        this.duplicates = Counter.builder("sluice.dedup.duplicates").tag("pipeline", pipelineId).register(registry);
        this.filtered = Counter.builder("sluice.dedup.filtered").tag("pipeline", pipelineId).register(registry);
        this.deadLetters = Counter.builder("sluice.dedup.dead.letters").tag("pipeline", pipelineId).register(registry);
    }

    void record(int inputRecords, DedupResult result) {
        in.increment(inputRecords);
        out.increment(result.passed().records().size());
        duplicates.increment(result.duplicates());
        filtered.increment(result.filtered());
        deadLetters.increment(result.deadLetters().size());
        inTotal.addAndGet(inputRecords);
        outTotal.addAndGet(result.passed().records().size());
        duplicatesTotal.addAndGet(result.duplicates());
        deadLettersTotal.addAndGet(result.deadLetters().size());
        filteredTotal.addAndGet(result.filtered());
    }

    void recordCorrupt() {
        deadLetters.increment();
        deadLettersTotal.incrementAndGet();
    }

    WorkStats stats(long lag, String lastError, boolean failed) {
        return new WorkStats(inTotal.get(), outTotal.get(), duplicatesTotal.get(), deadLettersTotal.get(), lag, lastError,
                failed, null, null, null, filteredTotal.get());
    }
}

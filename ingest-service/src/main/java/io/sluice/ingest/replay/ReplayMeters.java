package io.sluice.ingest.replay;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of one pipeline's replays: Micrometer meters tagged by pipeline and outcome, and the totals status reports. */
final class ReplayMeters {

    private final MeterRegistry registry;

    private final Counter published;

    private final Counter deadLettered;

    private final Counter skipped;

    private final AtomicLong in = new AtomicLong();

    private final AtomicLong out = new AtomicLong();

    private final AtomicLong deadLetters = new AtomicLong();

    ReplayMeters(MeterRegistry registry, String pipelineId) {
        this.registry = registry;
        published = counter(registry, pipelineId, "published");
        deadLettered = counter(registry, pipelineId, "dead-lettered");
        skipped = counter(registry, pipelineId, "already-replayed");
    }

    private static Counter counter(MeterRegistry registry, String pipelineId, String outcome) {
        return Counter.builder("sluice.ingest.replayed").description("Dead letters replayed into the ingest stage")
                .tags("pipeline", pipelineId, "outcome", outcome).register(registry);
    }

    void taken(int publishedRecords, int deadLetterRecords) {
        in.incrementAndGet();
        published.increment(publishedRecords);
        deadLettered.increment(deadLetterRecords);
        out.addAndGet(publishedRecords);
        deadLetters.addAndGet(deadLetterRecords);
    }

    void skipped() {
        skipped.increment();
    }

    long in() {
        return in.get();
    }

    long out() {
        return out.get();
    }

    long deadLetters() {
        return deadLetters.get();
    }

    void remove() {
        for (Counter counter : List.of(published, deadLettered, skipped)) {
            registry.remove(counter);
        }
    }
}

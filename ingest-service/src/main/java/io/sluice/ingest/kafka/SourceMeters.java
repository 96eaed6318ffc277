package io.sluice.ingest.kafka;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The counters of one source's ingest: Micrometer meters tagged by pipeline and source, and the
 * same totals for the worker's status report. Updated from the consumer thread and the
 * publishers' acknowledgement threads, read from anywhere.
 */
final class SourceMeters {

    private final MeterRegistry registry;

    private final Counter in;

    private final Counter out;

    private final Counter deadLetters;

    private final Counter publishFailures;

    private final Counter lost;

    private final DistributionSummary batchRecords;

    private final DistributionSummary batchBytes;

    private final Gauge lagGauge;

    private final AtomicLong inTotal = new AtomicLong();

    private final AtomicLong outTotal = new AtomicLong();

    private final AtomicLong deadLetterTotal = new AtomicLong();

    private final AtomicLong lag = new AtomicLong();

    private volatile String lastError;

    SourceMeters(MeterRegistry registry, String pipelineId, String sourceId) {
        this.registry = registry;
        Tags tags = Tags.of("pipeline", pipelineId, "source", sourceId);
        in = Counter.builder("sluice.ingest.events.in").description("Records read from Kafka").tags(tags)
                .register(registry);
        out = Counter.builder("sluice.ingest.events.out").description("Records stored in the pipeline's stream")
                .tags(tags).register(registry);
        deadLetters = Counter.builder("sluice.ingest.dead.letters")
                .description("Records stored in the pipeline's dead-letter stream").tags(tags).register(registry);
        publishFailures = Counter.builder("sluice.ingest.publish.failures")
                .description("Publishes JetStream did not confirm; the partition resumed from the stream").tags(tags)
                .register(registry);
        lost = Counter.builder("sluice.ingest.lost.offsets")
                .description("Kafka offsets deleted by retention before the pipeline read them").tags(tags)
                .register(registry);
        batchRecords = DistributionSummary.builder("sluice.ingest.batch.size").description("Records per batch")
                .baseUnit("records").tags(tags).publishPercentileHistogram().register(registry);
        batchBytes = DistributionSummary.builder("sluice.ingest.batch.bytes").description("Bytes per encoded batch")
                .baseUnit("bytes").tags(tags).register(registry);
        lagGauge = Gauge.builder("sluice.ingest.kafka.lag", lag, AtomicLong::get)
                .description("Records in Kafka not yet read by this replica").tags(tags).register(registry);
    }

    void read(long records) {
        in.increment(records);
        inTotal.addAndGet(records);
    }

    void published(long records) {
        out.increment(records);
        outTotal.addAndGet(records);
    }

    void batch(int records, int bytes) {
        batchRecords.record(records);
        batchBytes.record(bytes);
    }

    void deadLettered(long records) {
        deadLetters.increment(records);
        deadLetterTotal.addAndGet(records);
    }

    void publishFailed(String error) {
        publishFailures.increment();
        lastError = error;
    }

    /** Offsets that are gone for good: counted, and in the status until a later error replaces it. */
    void lost(long offsets, String explanation) {
        lost.increment(offsets);
        lastError = explanation;
    }

    void error(String error) {
        lastError = error;
    }

    void lag(long records) {
        lag.set(records);
    }

    long in() {
        return inTotal.get();
    }

    long out() {
        return outTotal.get();
    }

    long deadLetters() {
        return deadLetterTotal.get();
    }

    long lag() {
        return lag.get();
    }

    String lastError() {
        return lastError;
    }

    /** Removes the meters: a stopped or deleted pipeline leaves no stale series behind. */
    void remove() {
        for (Meter meter : List.of(in, out, deadLetters, publishFailures, lost, batchRecords, batchBytes, lagGauge)) {
            registry.remove(meter);
        }
    }
}

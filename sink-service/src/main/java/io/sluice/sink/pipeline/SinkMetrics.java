package io.sluice.sink.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.sink.batch.ReadMessage;
import io.sluice.worker.control.WorkStats;

/** One pipeline's sink meters, tagged by pipeline, and the totals its status reports. */
final class SinkMetrics {

    private final Counter in;
    private final Counter out;
    private final Counter deadLetters;
    private final DistributionSummary blockRows;
    private final Timer insertLatency;
    private final Timer endToEnd;
    private final Clock clock;
    private final AtomicLong inTotal = new AtomicLong();
    private final AtomicLong outTotal = new AtomicLong();
    private final AtomicLong deadLettersTotal = new AtomicLong();
    // Since the previous status report: the api-service charts each report's percentiles.
    private final LatencyWindow recentEndToEnd = new LatencyWindow(4096);

    /**
     * The end-to-end latency's histogram buckets. Quantiles a replica computes itself cannot be
     * combined (they were published until 2026-12); bucket counts add up across replicas and over
     * any time range, so {@code histogram_quantile} gives the pipeline's percentile, and a benchmark
     * the one of its steady phase alone. Fixed, few boundaries (20 series per pipeline with {@code +Inf}), finest
     * around the second where the sink's {@code maxDelay} puts most rows.
     */
    static final Duration[] LATENCY_BUCKETS = Stream.of(100, 250, 500, 750, 1_000, 1_250, 1_500, 1_750, 2_000, 2_500,
            3_000, 4_000, 5_000, 7_500, 10_000, 15_000, 30_000, 60_000, 300_000).map(Duration::ofMillis)
            .toArray(Duration[]::new);

    SinkMetrics(MeterRegistry registry, String pipelineId, Clock clock) {
        this.in = Counter.builder("sluice.sink.events.in").tag("pipeline", pipelineId).register(registry);
        this.out = Counter.builder("sluice.sink.events.out").tag("pipeline", pipelineId)
                .description("rows inserted into ClickHouse").register(registry);
        this.deadLetters = Counter.builder("sluice.sink.dead.letters").tag("pipeline", pipelineId).register(registry);
        this.blockRows = DistributionSummary.builder("sluice.sink.block.rows").tag("pipeline", pipelineId).register(registry);
        this.insertLatency = Timer.builder("sluice.sink.insert.latency").tag("pipeline", pipelineId)
                .publishPercentiles(0.5, 0.99).register(registry);
        this.endToEnd = Timer.builder("sluice.sink.end.to.end.latency").tag("pipeline", pipelineId)
                .description("Kafka timestamp of a block's records to their insert")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.clock = clock;
    }

    void inserted(List<ReadMessage> messages, int rows, int rejected, Duration took) {
        long now = clock.millis();
        long records = 0;
        for (ReadMessage message : messages) {
            records += message.records();
            // One sample per source batch (its first record) keeps this cheap on the hot path.
            if (message.records() > 0) {
                long latency = Math.max(0, now - message.firstRecordMillis());
                endToEnd.record(Duration.ofMillis(latency));
                recentEndToEnd.record(latency);
            }
        }
        in.increment(records);
        out.increment(rows);
        deadLetters.increment(rejected);
        blockRows.record(rows);
        insertLatency.record(took);
        inTotal.addAndGet(records);
        outTotal.addAndGet(rows);
        deadLettersTotal.addAndGet(rejected);
    }

    /** Called once per status report: the latency percentiles cover the time since the previous call. */
    WorkStats stats(long lag, String lastError, boolean failed) {
        LatencyWindow.Percentiles latency = recentEndToEnd.drain();
        return new WorkStats(inTotal.get(), outTotal.get(), 0, deadLettersTotal.get(), lag, lastError, failed,
                latency == null ? null : latency.p50Millis(), latency == null ? null : latency.p99Millis());
    }
}

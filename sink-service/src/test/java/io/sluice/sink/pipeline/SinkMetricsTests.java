package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.sink.batch.ReadMessage;
import io.sluice.sink.batch.StreamMessage;
import org.junit.jupiter.api.Test;

class SinkMetricsTests {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void endToEndLatencyIsAPrometheusHistogramWhoseBucketsCountEachSourceBatchOnce() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SinkMetrics metrics = new SinkMetrics(registry, "orders", Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

        // Source batches whose first records waited 0.2 s, 1.1 s and 2.2 s; a batch counts once.
        metrics.inserted(List.of(message(1, 200, 150), message(2, 1_100, 50), message(3, 2_200, 10)), 6, 0,
                Duration.ofMillis(30));

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("sluice_sink_end_to_end_latency_seconds_bucket{pipeline=\"orders\",le=\"0.25\"} 1")
                .contains("sluice_sink_end_to_end_latency_seconds_bucket{pipeline=\"orders\",le=\"1.0\"} 1")
                .contains("sluice_sink_end_to_end_latency_seconds_bucket{pipeline=\"orders\",le=\"1.25\"} 2")
                .contains("sluice_sink_end_to_end_latency_seconds_bucket{pipeline=\"orders\",le=\"2.5\"} 3")
                .contains("sluice_sink_end_to_end_latency_seconds_bucket{pipeline=\"orders\",le=\"+Inf\"} 3")
                .contains("sluice_sink_end_to_end_latency_seconds_count{pipeline=\"orders\"} 3");
        assertThat(scrape.lines().filter(line -> line.startsWith("sluice_sink_end_to_end_latency_seconds_bucket{")))
                .hasSize(SinkMetrics.LATENCY_BUCKETS.length + 1);
    }

    /** A source batch of two records, the first {@code firstWaited} ms old, the second {@code secondWaited}. */
    private static ReadMessage message(long sequence, long firstWaited, long secondWaited) {
        byte[] json = "{}".getBytes();
        return ReadMessage.of(new StreamMessage(sequence, "orders.0", new Batch("orders", 0,
                List.of(new BatchRecord(sequence * 10, NOW - firstWaited, null, json),
                        new BatchRecord(sequence * 10 + 1, NOW - secondWaited, null, json)))));
    }
}

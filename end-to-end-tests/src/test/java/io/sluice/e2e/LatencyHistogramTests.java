package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTests {

    private static String scrape(String pipeline, long upTo500ms, long upTo1s, long upTo2s, long all) {
        return """
                # TYPE sluice_sink_end_to_end_latency_seconds histogram
                sluice_sink_end_to_end_latency_seconds_bucket{pipeline="%1$s",le="0.5"} %2$d
                sluice_sink_end_to_end_latency_seconds_bucket{pipeline="%1$s",le="1.0"} %3$d
                sluice_sink_end_to_end_latency_seconds_bucket{pipeline="%1$s",le="2.0"} %4$d
                sluice_sink_end_to_end_latency_seconds_bucket{pipeline="%1$s",le="+Inf"} %5$d
                sluice_sink_end_to_end_latency_seconds_bucket{pipeline="other",le="0.5"} 999
                sluice_sink_end_to_end_latency_seconds_count{pipeline="%1$s"} %5$d
                """.formatted(pipeline, upTo500ms, upTo1s, upTo2s, all);
    }

    @Test
    void interpolatesAQuantileInsideItsBucketAsHistogramQuantileDoes() {
        LatencyHistogram histogram = LatencyHistogram.parse(scrape("live", 10, 90, 100, 100), "live");

        assertThat(histogram.count()).isEqualTo(100);
        // The 50th sample is the 40th of 80 between 0.5 s and 1 s.
        assertThat(histogram.quantile(0.5)).isCloseTo(0.75, within(1e-9));
        // The 99th is the 9th of 10 between 1 s and 2 s.
        assertThat(histogram.quantile(0.99)).isCloseTo(1.9, within(1e-9));
        assertThat(histogram.describe(0.99)).isEqualTo("1,900 ms");
    }

    @Test
    void replicasAddUpAndALaterScrapeMinusAnEarlierOneHoldsOnlyWhatCameBetween() {
        LatencyHistogram replicaOne = LatencyHistogram.parse(scrape("live", 0, 0, 0, 5), "live");
        LatencyHistogram replicaTwo = LatencyHistogram.parse(scrape("live", 0, 0, 2, 5), "live");
        LatencyHistogram start = replicaOne.plus(replicaTwo);
        LatencyHistogram end = LatencyHistogram.parse(scrape("live", 50, 100, 102, 110), "live")
                .plus(LatencyHistogram.parse(scrape("live", 50, 100, 100, 100), "live"));

        LatencyHistogram steady = end.minus(start);

        // The start's ten slow samples (two under 2 s, eight beyond) are left out.
        assertThat(steady.count()).isEqualTo(200);
        assertThat(steady.quantile(0.99)).isLessThanOrEqualTo(1.0);
    }

    @Test
    void aQuantileBeyondTheLastFiniteBoundIsThatBoundAndNothingMeasuredIsNotANumber() {
        assertThat(LatencyHistogram.parse(scrape("live", 0, 0, 0, 4), "live").quantile(0.5)).isEqualTo(2.0);
        assertThat(LatencyHistogram.parse("", "live").describe(0.99)).isEqualTo("n/a");
    }
}

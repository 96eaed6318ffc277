package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyWindowTests {

    @Test
    void noSamplesSinceTheLastReportMeansNoLatency() {
        assertThat(new LatencyWindow(10).drain()).isNull();
    }

    @Test
    void percentilesAreMeasuredLatenciesOfTheInterval() {
        LatencyWindow window = new LatencyWindow(1000);
        for (long millis = 1; millis <= 100; millis++) {
            window.record(millis);
        }

        assertThat(window.drain()).isEqualTo(new LatencyWindow.Percentiles(50, 99));
    }

    @Test
    void eachReportCoversOnlyWhatWasWrittenSinceThePreviousOne() {
        LatencyWindow window = new LatencyWindow(10);
        window.record(5_000);
        window.drain();

        window.record(20);

        assertThat(window.drain()).isEqualTo(new LatencyWindow.Percentiles(20, 20));
        assertThat(window.drain()).isNull();
    }

    @Test
    void aBurstBeyondTheCapacityKeepsItsNewestSamples() {
        LatencyWindow window = new LatencyWindow(3);
        window.record(9_000);
        window.record(9_000);
        window.record(10);
        window.record(20);
        window.record(30);

        assertThat(window.drain()).isEqualTo(new LatencyWindow.Percentiles(20, 30));
    }

    @Test
    void aKafkaTimestampFromTheFutureCountsAsNoLatency() {
        LatencyWindow window = new LatencyWindow(3);
        window.record(-40);

        assertThat(window.drain()).isEqualTo(new LatencyWindow.Percentiles(0, 0));
    }
}

package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DiscoveryPaceTests {

    private final DiscoveryPace pace = new DiscoveryPace(Duration.ofSeconds(30), Duration.ofMinutes(5));
    private static final long START = 1_000_000;

    @Test
    void looksAtTheFirstTickAndWhenTheBellRang() {
        assertThat(pace.due(START, false, true, START, -1, 0)).isTrue();
        long settled = START + 3_600_000;
        assertThat(pace.due(settled, false, false, START, settled - 1_000, START)).isFalse();
        assertThat(pace.due(settled, true, false, START, settled - 1_000, START)).isTrue();
    }

    @Test
    void looksAtEveryTickWhileLanesAppear() {
        // None yet, within the settling time of the start.
        assertThat(pace.due(START + 29_000, false, true, START, START + 26_500, START)).isTrue();
        assertThat(pace.due(START + 31_000, false, true, START, START + 28_500, START)).isFalse();
        // A change 10 s ago.
        long changed = START + 600_000;
        assertThat(pace.due(changed + 10_000, false, false, START, changed + 7_500, changed)).isTrue();
        assertThat(pace.due(changed + 31_000, false, false, START, changed + 28_500, changed)).isFalse();
    }

    @Test
    void looksEveryFiveMinutesOtherwiseForARingThatWasLost() {
        long looked = START + 600_000;
        assertThat(pace.due(looked + 299_999, false, false, START, looked, START)).isFalse();
        assertThat(pace.due(looked + 300_000, false, false, START, looked, START)).isTrue();
        // A pipeline that never had a lane looks that seldom too, once past its start.
        assertThat(pace.due(looked + 300_000, false, true, START, looked, START)).isTrue();
        assertThat(pace.due(looked + 100_000, false, true, START, looked, START)).isFalse();
    }
}

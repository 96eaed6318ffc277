package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class StatusHistoryTests {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final StatusHistory history = new StatusHistory(Duration.ofHours(1));

    @Test
    void keepsTheLastHourOldestFirst() {
        for (int minute = 0; minute <= 90; minute += 10) {
            history.add("orders", point(T0.plus(Duration.ofMinutes(minute))));
        }

        assertThat(history.since("orders", null)).extracting(MetricsPoint::time)
                .containsExactly(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(40)),
                        T0.plus(Duration.ofMinutes(50)), T0.plus(Duration.ofMinutes(60)),
                        T0.plus(Duration.ofMinutes(70)), T0.plus(Duration.ofMinutes(80)),
                        T0.plus(Duration.ofMinutes(90)));
    }

    @Test
    void sinceGivesOnlyNewerPoints() {
        history.add("orders", point(T0));
        history.add("orders", point(T0.plusSeconds(10)));
        history.add("orders", point(T0.plusSeconds(20)));

        assertThat(history.since("orders", T0.plusSeconds(10))).extracting(MetricsPoint::time)
                .containsExactly(T0.plusSeconds(20));
    }

    @Test
    void pipelinesHaveSeparateHistories() {
        history.add("orders", point(T0));

        assertThat(history.since("payments", null)).isEmpty();
    }

    @Test
    void pipelineSilentForLongerThanTheRetentionIsForgotten() {
        history.add("orders", point(T0));
        history.add("payments", point(T0.plus(Duration.ofMinutes(50))));

        history.evict(T0.plus(Duration.ofMinutes(70)));

        assertThat(history.since("orders", null)).isEmpty();
        assertThat(history.since("payments", null)).hasSize(1);
    }

    private static MetricsPoint point(Instant time) {
        return new MetricsPoint(time, 1.0, 1.0, 0.0, 0.0, 0, null, null, 0, 0, null, null, null, null, null, List.of());
    }
}

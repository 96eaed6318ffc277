package io.sluice.worker.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.sluice.model.control.Component;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import org.junit.jupiter.api.Test;

class StatusRefreshTests {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final StatusRefresh refresh = new StatusRefresh(Duration.ofSeconds(15));

    @Test
    void aStatusNeverWrittenIsWritten() {
        assertThat(due(status(T0, 0, WorkerState.RUNNING))).isTrue();
    }

    @Test
    void anUnchangedStatusIsWrittenOnceMoreRightAfterAChangeSoThatRatesFallToZero() {
        refresh.written(status(T0, 10, WorkerState.RUNNING));
        assertThat(due(status(T0.plusSeconds(5), 10, WorkerState.RUNNING))).isTrue();
        refresh.written(status(T0.plusSeconds(5), 10, WorkerState.RUNNING));

        assertThat(due(status(T0.plusSeconds(10), 10, WorkerState.RUNNING))).isFalse();
    }

    @Test
    void anUnchangedStatusIsWrittenAgainOnlyOnceTheLastWriteIsTheRefreshOld() {
        refresh.written(status(T0.minusSeconds(5), 10, WorkerState.RUNNING));
        refresh.written(status(T0, 10, WorkerState.RUNNING));

        assertThat(due(status(T0.plusSeconds(5), 10, WorkerState.RUNNING))).isFalse();
        assertThat(due(status(T0.plusSeconds(14), 10, WorkerState.RUNNING))).isFalse();
        assertThat(due(status(T0.plusSeconds(15), 10, WorkerState.RUNNING))).isTrue();
    }

    @Test
    void aChangeIsWrittenAtOnce() {
        refresh.written(status(T0, 10, WorkerState.RUNNING));

        assertThat(due(status(T0.plusSeconds(5), 11, WorkerState.RUNNING))).as("counters").isTrue();
        assertThat(due(status(T0.plusSeconds(5), 10, WorkerState.FAILED))).as("state").isTrue();
    }

    @Test
    void aForgottenStatusIsWrittenAsNew() {
        refresh.written(status(T0, 10, WorkerState.RUNNING));
        refresh.forget(status(T0, 10, WorkerState.RUNNING).key());

        assertThat(due(status(T0.plusSeconds(1), 10, WorkerState.RUNNING))).isTrue();
    }

    @Test
    void theFirstStatusWhoseCountersMovedAfterAnUnwrittenRestCarriesTheRest() {
        check(status(T0, 10, WorkerState.RUNNING));
        check(status(T0.plusSeconds(5), 10, WorkerState.RUNNING));
        assertThat(refresh.check(status(T0.plusSeconds(10), 10, WorkerState.RUNNING))).as("settled: not written").isNull();
        assertThat(refresh.check(status(T0.plusSeconds(15), 10, WorkerState.RUNNING))).isNull();

        WorkerStatus burst = refresh.check(status(T0.plusSeconds(20), 2010, WorkerState.RUNNING));

        assertThat(burst.eventsIn()).isEqualTo(2010);
        assertThat(burst.rest()).isEqualTo(new WorkerStatus.Rest(T0, T0.plusSeconds(15)));
        refresh.written(burst);
        assertThat(refresh.check(status(T0.plusSeconds(25), 2010, WorkerState.RUNNING)).rest())
                .as("once more: the counters did not move").isNull();
    }

    @Test
    void countersMovingAtEveryCheckHaveNoRest() {
        check(status(T0, 10, WorkerState.RUNNING));

        assertThat(refresh.check(status(T0.plusSeconds(5), 20, WorkerState.RUNNING)).rest()).isNull();
        assertThat(refresh.check(status(T0.plusSeconds(10), 30, WorkerState.RUNNING)).rest()).isNull();
    }

    @Test
    void aChangeOfStateAloneDoesNotEndTheRestOfTheCounters() {
        check(status(T0, 10, WorkerState.RUNNING));
        check(status(T0.plusSeconds(5), 10, WorkerState.PAUSED));
        check(status(T0.plusSeconds(10), 10, WorkerState.RUNNING));

        assertThat(refresh.check(status(T0.plusSeconds(15), 11, WorkerState.RUNNING)).rest())
                .isEqualTo(new WorkerStatus.Rest(T0, T0.plusSeconds(10)));
    }

    @Test
    void aStatusWithItsRestIsNotAChangeOfItsOwn() {
        check(status(T0, 10, WorkerState.RUNNING));
        check(status(T0.plusSeconds(5), 10, WorkerState.RUNNING));
        check(status(T0.plusSeconds(10), 20, WorkerState.RUNNING));
        check(status(T0.plusSeconds(15), 20, WorkerState.RUNNING));

        assertThat(refresh.check(status(T0.plusSeconds(20), 20, WorkerState.RUNNING))).isNull();
    }

    /** Whether the check writes the status (the write itself left to the test). */
    private boolean due(WorkerStatus status) {
        return refresh.check(status) != null;
    }

    @Test
    void anUnchangedStatusIsRewrittenEveryQuarterOfTheBucketsTimeToLiveAtMostEveryFiveMinutes() {
        Duration interval = Duration.ofSeconds(5);

        assertThat(StatusRefresh.refreshFor(Duration.ofMinutes(1), interval)).isEqualTo(Duration.ofSeconds(15));
        assertThat(StatusRefresh.refreshFor(Duration.ofMinutes(20), interval)).isEqualTo(Duration.ofMinutes(5));
        assertThat(StatusRefresh.refreshFor(Duration.ofHours(1), interval)).isEqualTo(Duration.ofMinutes(5));
        assertThat(StatusRefresh.refreshFor(Duration.ZERO, interval)).isEqualTo(Duration.ofMinutes(5));
        assertThat(StatusRefresh.refreshFor(Duration.ofSeconds(8), interval)).isEqualTo(interval);
    }

    private void check(WorkerStatus status) {
        WorkerStatus due = refresh.check(status);
        if (due != null) {
            refresh.written(due);
        }
    }

    private static WorkerStatus status(Instant at, long eventsIn, WorkerState state) {
        return new WorkerStatus("orders", Component.DEDUP, "replica-1", state, at, eventsIn, eventsIn, 0, 0, 0, null, null,
                null, List.of(), null, Map.of());
    }
}

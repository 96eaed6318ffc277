package io.sluice.api.removal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.sluice.api.removal.RemovalCheck.Observation;
import io.sluice.api.removal.RemovalCheck.Remove;
import io.sluice.api.removal.RemovalCheck.Verdict;
import io.sluice.api.removal.RemovalCheck.Wait;
import org.junit.jupiter.api.Test;

class RemovalCheckTests {

    static final Duration QUIET = Duration.ofSeconds(15);

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    static final Observation QUIET_NOW = new Observation(true, List.of());

    @Test
    void waitsWhileTheWorkersAreNotToldEvenIfNobodyReportsThePipeline() {
        Verdict verdict = RemovalCheck.decide(new Observation(false, List.of()), NOW.minus(Duration.ofHours(1)), NOW, QUIET);

        assertThat(verdict).isInstanceOf(Wait.class);
        assertThat(((Wait) verdict).quietSince()).isNull();
        assertThat(((Wait) verdict).reason()).contains("not told");
    }

    @Test
    void waitsWhileAWorkerReportsThePipelineAndForgetsAnyEarlierQuiet() {
        Verdict verdict = RemovalCheck.decide(new Observation(true, List.of("orders.sink.sink-1")),
                NOW.minus(Duration.ofHours(1)), NOW, QUIET);

        assertThat(verdict).isEqualTo(new Wait("workers still report it: orders.sink.sink-1", null));
    }

    @Test
    void theFirstQuietObservationStartsTheQuietPeriodInsteadOfRemoving() {
        Verdict verdict = RemovalCheck.decide(QUIET_NOW, null, NOW, QUIET);

        assertThat(verdict).isInstanceOf(Wait.class);
        assertThat(((Wait) verdict).quietSince()).isEqualTo(NOW);
    }

    @Test
    void keepsWaitingUntilTheQuietPeriodHasPassed() {
        Verdict verdict = RemovalCheck.decide(QUIET_NOW, NOW.minus(QUIET).plusMillis(1), NOW, QUIET);

        assertThat(verdict).isInstanceOf(Wait.class);
        assertThat(((Wait) verdict).quietSince()).isEqualTo(NOW.minus(QUIET).plusMillis(1));
    }

    @Test
    void removesOnceNobodyReportedThePipelineForTheWholeQuietPeriod() {
        assertThat(RemovalCheck.decide(QUIET_NOW, NOW.minus(QUIET), NOW, QUIET)).isEqualTo(new Remove());
    }

    @Test
    void aWorkerReportingAgainRestartsTheQuietPeriod() {
        Instant quietSince = NOW.minus(Duration.ofSeconds(10));
        Verdict reported = RemovalCheck.decide(new Observation(true, List.of("orders.dedup.d-1")), quietSince, NOW, QUIET);
        Instant later = NOW.plusSeconds(10);

        Verdict afterwards = RemovalCheck.decide(QUIET_NOW, ((Wait) reported).quietSince(), later, QUIET);

        assertThat(afterwards).isEqualTo(new Wait(((Wait) afterwards).reason(), later));
    }

    @Test
    void withoutAQuietPeriodTheFirstQuietObservationRemoves() {
        assertThat(RemovalCheck.decide(QUIET_NOW, null, NOW, Duration.ZERO)).isEqualTo(new Remove());
    }
}

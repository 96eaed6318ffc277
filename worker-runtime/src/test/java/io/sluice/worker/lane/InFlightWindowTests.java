package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class InFlightWindowTests {

    @Test
    void countsBatchesAsProcessedOnlyUpToTheFirstUnfinishedOne() {
        InFlightWindow window = new InFlightWindow();
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        CompletableFuture<Void> third = new CompletableFuture<>();
        window.add(5, first);
        window.add(9, second);
        window.add(12, third);

        second.complete(null);
        third.complete(null);
        assertThat(window.takeDone()).isZero();
        assertThat(window.size()).isEqualTo(3);

        first.complete(null);
        assertThat(window.takeDone()).isEqualTo(12);
        assertThat(window.isEmpty()).isTrue();
    }

    @Test
    void reportsTheFailureOfTheFirstBatchAfterTakingTheOnesBeforeIt() {
        InFlightWindow window = new InFlightWindow();
        window.add(1, CompletableFuture.completedFuture(null));
        window.add(2, CompletableFuture.failedFuture(new IllegalStateException("Redis refused")));
        window.add(3, CompletableFuture.completedFuture(null));

        assertThat(window.takeDone()).isEqualTo(1);
        assertThat(window.headFailure()).hasMessage("Redis refused");
        // A later batch that went through does not count while an earlier one failed.
        assertThat(window.takeDone()).isZero();
    }

    @Test
    void aFailureBehindAnUnfinishedBatchIsNotReportedYet() {
        InFlightWindow window = new InFlightWindow();
        window.add(1, new CompletableFuture<>());
        window.add(2, CompletableFuture.failedFuture(new IllegalStateException("NATS down")));

        assertThat(window.headFailure()).isNull();
    }

    @Test
    void acceptsBatchesOnlyInStreamOrder() {
        InFlightWindow window = new InFlightWindow();
        window.add(7, new CompletableFuture<>());

        assertThatIllegalArgumentException().isThrownBy(() -> window.add(7, new CompletableFuture<>()));
    }
}

package io.sluice.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class StoppableWaitsTests {

    private final StoppableWaits waits = new StoppableWaits();

    @Test
    void aStopEndsTheWaitTheLoopIsInAndLeavesItsThreadUninterrupted() throws Exception {
        CompletableFuture<Boolean> interruptedAfter = CompletableFuture.supplyAsync(() -> {
            try {
                waits.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException("a stop is not an interrupt of the loop", e);
            }
            return Thread.currentThread().isInterrupted();
        });
        Thread.sleep(200);

        waits.stop();

        assertThat(interruptedAfter.get(30, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void onceStoppingAWaitReturnsAtOnceWithWhatItIsGivenAndAfterAResumeWaitsAgain() throws Exception {
        waits.stop();

        assertThat(waits.await(() -> "waited", "stopping")).isEqualTo("stopping");
        waits.resume();
        assertThat(waits.await(() -> "waited", "stopping")).isEqualTo("waited");
    }

    @Test
    void anInterruptThatIsNotAStopStillEndsTheLoop() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> waits.sleep(Duration.ofMinutes(5))).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aStopBetweenWaitsInterruptsNothing() throws Exception {
        waits.await(() -> null, null);

        waits.stop();

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        await().atMost(Duration.ofSeconds(1)).until(() -> waits.await(() -> false, true));
    }
}

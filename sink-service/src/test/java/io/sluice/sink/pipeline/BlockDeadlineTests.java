package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BlockDeadlineTests {

    private static final Duration MAX_DELAY = Duration.ofSeconds(1);
    private static final long READ = 5_000_000_000L;
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void aMessageThatWaitedInTheStreamWaitsOnlyWhatIsLeftOfMaxDelay() {
        assertThat(BlockDeadline.of(READ, NOW, NOW - 300, MAX_DELAY)).isEqualTo(READ + 700_000_000L);
    }

    @Test
    void aMessageThatWaitedMaxDelayAlreadyEndsTheBlockOnceNothingMoreIsAtHand() {
        long deadline = BlockDeadline.of(READ, NOW, NOW - 2_500, MAX_DELAY);

        assertThat(deadline).isEqualTo(READ);
        assertThat(BlockDeadline.ends(READ, deadline, 40, false)).as("messages pending: the block takes them").isFalse();
        assertThat(BlockDeadline.ends(READ, deadline, 0, false)).isTrue();
        assertThat(BlockDeadline.ends(READ, deadline, 40, true)).as("a fetch brought nothing").isTrue();
    }

    @Test
    void aNatsClockAheadOfThisHostsNeverMakesABlockWaitLongerThanMaxDelayAfterItsRead() {
        assertThat(BlockDeadline.of(READ, NOW, NOW + 60_000, MAX_DELAY)).isEqualTo(READ + MAX_DELAY.toNanos());
    }

    @Test
    void beforeTheDeadlineABlockWaitsForMoreWhateverIsPending() {
        long deadline = BlockDeadline.of(READ, NOW, NOW, MAX_DELAY);

        assertThat(BlockDeadline.ends(deadline - 1, deadline, 0, true)).isFalse();
    }
}

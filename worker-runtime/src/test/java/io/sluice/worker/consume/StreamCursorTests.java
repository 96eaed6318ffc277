package io.sluice.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class StreamCursorTests {

    @Test
    void anEmptyPullTheServerEndedBeforeItsWaitIsAnswered() {
        // The client asks the server to end a pull 10 ms before the wait; its answer ends the fetch.
        assertThat(StreamCursor.unanswered(Duration.ofMillis(14_990).toNanos(), Duration.ofSeconds(15))).isFalse();
    }

    @Test
    void anEmptyPullThatRanItsWholeWaitIsUnanswered() {
        assertThat(StreamCursor.unanswered(Duration.ofMillis(15_001).toNanos(), Duration.ofSeconds(15))).isTrue();
        assertThat(StreamCursor.unanswered(Duration.ofMillis(100).toNanos(), Duration.ofMillis(100))).isTrue();
    }

    @Test
    void aShortPullOfABusyLaneIsNeverTakenForUnanswered() {
        assertThat(StreamCursor.unanswered(Duration.ofMillis(14).toNanos(), Duration.ofMillis(10))).isFalse();
    }
}

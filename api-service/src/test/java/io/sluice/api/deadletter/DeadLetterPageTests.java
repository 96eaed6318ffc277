package io.sluice.api.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class DeadLetterPageTests {

    @Test
    void newestFirstSkippingDeletedSequences() {
        DeadLetterPage page = new DeadLetterPage(3, 10, Set.of(5L, 9L));

        assertThat(page.newest(4, null)).containsExactly(10L, 8L, 7L, 6L);
        assertThat(page.count()).isEqualTo(6);
    }

    @Test
    void beforeContinuesBelowTheLastSequenceShown() {
        DeadLetterPage page = new DeadLetterPage(3, 10, Set.of(5L, 9L));

        assertThat(page.newest(4, 6L)).containsExactly(4L, 3L);
        assertThat(page.newest(2, 100L)).containsExactly(10L, 8L);
        assertThat(page.newest(2, 3L)).isEmpty();
    }

    @Test
    void oldestFirstForAReplayOfEverything() {
        DeadLetterPage page = new DeadLetterPage(3, 10, Set.of(5L, 9L));

        assertThat(page.oldest(3)).containsExactly(3L, 4L, 6L);
        assertThat(page.oldest(100)).containsExactly(3L, 4L, 6L, 7L, 8L, 10L);
    }

    @Test
    void newAndPurgedStreamsAreEmpty() {
        DeadLetterPage fresh = new DeadLetterPage(0, 0, Set.of());
        DeadLetterPage purged = new DeadLetterPage(11, 10, Set.of());

        assertThat(fresh.newest(50, null)).isEmpty();
        assertThat(fresh.oldest(50)).isEmpty();
        assertThat(fresh.count()).isZero();
        assertThat(purged.newest(50, null)).isEmpty();
        assertThat(purged.count()).isZero();
    }
}

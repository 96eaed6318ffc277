package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class SequenceOrderTests {

    @Test
    void acceptsSequencesFromTheStartOnwardsWithGaps() {
        assertThatCode(() -> {
            SequenceOrder.check(115, 0, 115);
            SequenceOrder.check(115, 115, 118);
        }).doesNotThrowAnyException();
    }

    @Test
    void refusesASequenceBeforeTheStartAsAServerCatchingUpWouldDeliverIt() {
        assertThatThrownBy(() -> SequenceOrder.check(115, 0, 100)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the stream delivered sequence 100 to a read from 115");
    }

    @Test
    void refusesASequenceThatGoesBackwardsOrRepeats() {
        assertThatThrownBy(() -> SequenceOrder.check(100, 110, 110)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SequenceOrder.check(100, 110, 105)).isInstanceOf(IOException.class);
    }
}

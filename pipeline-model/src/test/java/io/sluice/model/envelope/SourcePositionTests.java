package io.sluice.model.envelope;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SourcePositionTests {

    @Test
    void writesTopicPartitionAndOffset() {
        assertThat(new SourcePosition("shop.orders", 3, 1200)).hasToString("shop.orders/3/1200");
    }

    @Test
    void parsesWhatItWrites() {
        SourcePosition position = new SourcePosition("shop.orders-v2", 12, Long.MAX_VALUE);

        assertThat(SourcePosition.parse(position.toString())).isEqualTo(position);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "orders", "orders/3", "/3/4", "orders/x/4", "orders/3/x", "orders/-1/4", "orders/3/-4",
            "orders//4", "orders/3/", "orders/99999999999/1" })
    void rejectsTextThatIsNoPosition(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> SourcePosition.parse(text))
            .withMessageContaining("not a source position (topic/partition/offset)");
    }

    @Test
    void rejectsNegativePartitionsAndOffsets() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SourcePosition("t", -1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new SourcePosition("t", 0, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SourcePosition("", 0, 0));
    }

}

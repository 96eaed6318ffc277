package io.sluice.api.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DeadLetterIdentityTests {

    @Test
    void theSourcePositionNamesTheEventWhateverTheStageMadeOfItsBytes() {
        assertThat(DeadLetterIdentity.of("orders/0/7", bytes("{\"id\": 1")))
                .isEqualTo(DeadLetterIdentity.of("orders/0/7", bytes("{\"id\": 1}")));
        assertThat(DeadLetterIdentity.of("orders/0/7", bytes("x"))).isNotEqualTo(DeadLetterIdentity.of("orders/0/8", bytes("x")));
    }

    @Test
    void withoutAPositionTheBytesNameTheEvent() {
        assertThat(DeadLetterIdentity.of(null, bytes("joined"))).isEqualTo(DeadLetterIdentity.of("", bytes("joined")));
        assertThat(DeadLetterIdentity.of(null, bytes("joined"))).isNotEqualTo(DeadLetterIdentity.of(null, bytes("other")));
    }

    @Test
    void isAValidNatsKeyValueKey() {
        assertThat(DeadLetterIdentity.of("shop.orders/3/1200", bytes(""))).matches("[0-9a-f]{64}");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

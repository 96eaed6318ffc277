package io.sluice.model.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class KeyEncodingTests {

    @Test
    void prefixesEveryValueWithItsLengthInKeyOrder() {
        assertThat(KeyEncoding.encode(List.of("é", ""))).isEqualTo(new byte[] {0, 0, 0, 2, (byte) 0xc3, (byte) 0xa9, 0, 0, 0, 0});
    }

    @Test
    void decodesWhatItEncodes() {
        List<String> values = List.of("order-17", "42", "", "1.5E+3", "true");

        assertThat(KeyEncoding.decode(KeyEncoding.encode(values))).isEqualTo(values);
    }

    @Test
    void refusesTruncatedKeys() {
        assertThatThrownBy(() -> KeyEncoding.decode(new byte[] {0, 0, 0, 5, 'a'})).hasMessageContaining("truncated key");
        assertThatThrownBy(() -> KeyEncoding.decode(new byte[] {0, 0})).hasMessageContaining("truncated key");
    }
}

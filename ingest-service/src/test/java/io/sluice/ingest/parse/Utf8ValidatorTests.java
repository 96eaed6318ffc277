package io.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Utf8ValidatorTests {

    @Test
    void acceptsAsciiAndEveryEncodingLength() {
        assertThat(Utf8Validator.firstInvalid("plain {\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8Validator.firstInvalid("é € 𝄞 \uD7FF \uE000 \uDBFF\uDFFF".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void pointsAtALoneContinuationByteOrAnInvalidLeadByte() {
        assertThat(Utf8Validator.firstInvalid(bytes('a', 0x80))).isEqualTo(1);
        assertThat(Utf8Validator.firstInvalid(bytes('a', 'b', 0xff))).isEqualTo(2);
        assertThat(Utf8Validator.firstInvalid(bytes(0xc3, 0x28))).isEqualTo(0);
    }

    @Test
    void refusesTruncatedSequences() {
        assertThat(Utf8Validator.firstInvalid(bytes('x', 0xe2, 0x82))).isEqualTo(1);
        assertThat(Utf8Validator.firstInvalid(bytes(0xf0, 0x9d, 0x84))).isEqualTo(0);
    }

    @Test
    void refusesOverlongFormsSurrogatesAndCodePointsAboveTheRange() {
        assertThat(Utf8Validator.firstInvalid(bytes(0xc0, 0xaf))).isEqualTo(0);
        assertThat(Utf8Validator.firstInvalid(bytes(0xe0, 0x80, 0xaf))).isEqualTo(0);
        assertThat(Utf8Validator.firstInvalid(bytes(0xed, 0xa0, 0x80))).isEqualTo(0);
        assertThat(Utf8Validator.firstInvalid(bytes(0xf4, 0x90, 0x80, 0x80))).isEqualTo(0);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}

package io.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    @Test
    void findsTheFirstBadByteWhereverItFallsInTheWordsOfAsciiBeforeIt() {
        for (int length = 1; length <= 40; length++) {
            for (int bad = 0; bad < length; bad++) {
                byte[] record = new byte[length];
                Arrays.fill(record, (byte) 'a');
                record[bad] = (byte) 0x80;
                assertThat(Utf8Validator.firstInvalid(record)).as("length %d, bad byte at %d", length, bad).isEqualTo(bad);
            }
            byte[] ascii = new byte[length];
            Arrays.fill(ascii, (byte) '~');
            assertThat(Utf8Validator.firstInvalid(ascii)).isEqualTo(-1);
        }
    }

    @Test
    void checksMultiByteSequencesThatStraddleAWordBoundary() {
        // "é" (c3 a9) at every offset after ASCII, valid; its lead byte alone at the very end, not.
        for (int offset = 0; offset < 17; offset++) {
            String text = "x".repeat(offset) + "é" + "y".repeat(9);
            assertThat(Utf8Validator.firstInvalid(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
            byte[] truncated = Arrays.copyOf(("x".repeat(offset) + "é").getBytes(StandardCharsets.UTF_8), offset + 1);
            assertThat(Utf8Validator.firstInvalid(truncated)).isEqualTo(offset);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}

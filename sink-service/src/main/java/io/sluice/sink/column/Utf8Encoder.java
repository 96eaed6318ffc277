package io.sluice.sink.column;

/**
 * UTF-8 encoding straight from the parser's character buffer into the block, with no String in
 * between. Strict: a lone surrogate (possible through a {@code \ud800} escape) is rejected rather
 * than replaced with '?', so the stored text is exactly the text sent.
 */
final class Utf8Encoder {

    private Utf8Encoder() {
    }

    /** The encoded length of the characters. */
    static int length(char[] chars, int offset, int length) {
        int bytes = length;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            }
            else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= end || !Character.isLowSurrogate(chars[i + 1])) {
                    throw loneSurrogate(c);
                }
                bytes += 2; // four bytes for the pair of chars
                i++;
            }
            else if (Character.isLowSurrogate(c)) {
                throw loneSurrogate(c);
            }
            else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /** Writes the characters, whose encoded length {@link #length} has already checked. */
    static void write(char[] chars, int offset, int length, int encodedLength, BinaryBuffer out) {
        int at = out.advance(encodedLength);
        byte[] b = out.array();
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                b[at++] = (byte) c;
            }
            else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c)) {
                int codePoint = Character.toCodePoint(c, chars[++i]);
                b[at++] = (byte) (0xF0 | (codePoint >> 18));
                b[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                b[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (codePoint & 0x3F));
            }
            else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private static ValueRejectedException loneSurrogate(char c) {
        return new ValueRejectedException(String.format("the text holds a lone surrogate \\u%04x, which is not valid Unicode", (int) c));
    }

}

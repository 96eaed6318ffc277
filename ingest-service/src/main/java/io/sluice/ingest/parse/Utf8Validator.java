package io.sluice.ingest.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 * Jackson checks the strings it decodes, but not the ones it skips, and an event is refused as a
 * whole whatever field holds the bad bytes, so the whole record is checked. ASCII, the common
 * case, is skipped eight bytes at a time: byte by byte, this check took a tenth of ingest's
 * pipeline thread in the benchmark's profile (about 400 ns for a 300-byte event with the C1
 * compiler of deploy/jvm.options, 50 ns a word at a time).
 */
final class Utf8Validator {

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The high bit of each of a word's eight bytes: set only in bytes outside ASCII. */
    private static final long NON_ASCII = 0x8080808080808080L;

    private Utf8Validator() {
    }

    /** The index of the first byte that is not valid UTF-8, or -1 if all are. */
    static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            while (i + Long.BYTES <= n && ((long) WORDS.get(bytes, i) & NON_ASCII) == 0) {
                i += Long.BYTES;
            }
            if (i >= n) {
                break;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xff;
            int length;
            int min;
            if (lead >= 0xc2 && lead <= 0xdf) {
                length = 2;
                min = 0x80;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                length = 3;
                min = 0x800;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                length = 4;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + length > n) {
                return i;
            }
            int codePoint = lead & (0xff >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xff;
                if ((next & 0xc0) != 0x80) {
                    return i;
                }
                codePoint = (codePoint << 6) | (next & 0x3f);
            }
            if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
                return i;
            }
            i += length;
        }
        return -1;
    }
}

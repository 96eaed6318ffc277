package io.sluice.model.key;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a record's dedup key travels as in {@link io.sluice.model.envelope.BatchRecord#key()}:
 * the key fields' values in the order the definition lists them, each as
 *
 * <pre>
 * 4-byte big-endian length | canonical value (UTF-8)
 * </pre>
 *
 * The canonical value is the decoded string for a string ({@code "a\u0062"} and {@code "ab"} are
 * one key), the decimal integer for an int ({@code -0} is {@code 0}), the shortest
 * scientific-or-plain decimal without trailing zeros for a float ({@code 1}, {@code 1.0} and
 * {@code 10e-1} are one key: {@code 1}), {@code true}/{@code false} for a bool, and for a timestamp
 * its string, or its number written as a float is. Two records have the same key exactly when
 * these bytes are equal, so the dedup stage compares or hashes them as they are; the length
 * prefixes keep {@code ("ab","c")} and {@code ("a","bc")} apart.
 */
public final class KeyEncoding {

    private KeyEncoding() {
    }

    /** The key of these canonical values, in key-field order. */
    public static byte[] encode(List<String> canonicalValues) {
        byte[][] values = new byte[canonicalValues.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = canonicalValues.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return encode(values);
    }

    public static byte[] encode(byte[][] values) {
        int size = 0;
        for (byte[] value : values) {
            size += 4 + value.length;
        }
        byte[] key = new byte[size];
        int at = 0;
        for (byte[] value : values) {
            key[at] = (byte) (value.length >>> 24);
            key[at + 1] = (byte) (value.length >>> 16);
            key[at + 2] = (byte) (value.length >>> 8);
            key[at + 3] = (byte) value.length;
            System.arraycopy(value, 0, key, at + 4, value.length);
            at += 4 + value.length;
        }
        return key;
    }

    /**
     * The canonical values a key holds, for logs, tests and tools.
     * @throws IllegalArgumentException if the bytes are not such a key
     */
    public static List<String> decode(byte[] key) {
        List<String> values = new ArrayList<>();
        int at = 0;
        while (at < key.length) {
            if (key.length - at < 4) {
                throw new IllegalArgumentException("truncated key: " + (key.length - at) + " bytes left for a 4-byte length");
            }
            int length = ((key[at] & 0xff) << 24) | ((key[at + 1] & 0xff) << 16) | ((key[at + 2] & 0xff) << 8)
                    | (key[at + 3] & 0xff);
            if (length < 0 || length > key.length - at - 4) {
                throw new IllegalArgumentException("truncated key: a value of " + length + " bytes at byte " + at);
            }
            values.add(new String(key, at + 4, length, StandardCharsets.UTF_8));
            at += 4 + length;
        }
        return values;
    }
}

package io.sluice.dedup.key;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Builds the canonical dedup key of an event from the source's key fields: the bytes two events
 * share exactly when their key fields hold the same values.
 *
 * <p>Layout, one entry per key field in the order the definition lists them:
 *
 * <pre>
 * 's' varint byteLength UTF-8 bytes      a string
 * 'n' varint byteLength ASCII digits     a number, canonical (see below)
 * 't' | 'f'                              true | false
 * </pre>
 *
 * Every variable-length value carries its length, so no choice of values can make two different
 * field tuples produce the same bytes ({@code ("a|b", "c")} and {@code ("a", "b|c")} differ in
 * their lengths). The type tag keeps the string {@code "1"} and the number {@code 1} apart: a
 * schema field has one type, and a producer sending both is sending two different keys.
 *
 * <p>Numbers are compared by value, as filters compare them: {@code 1}, {@code 1.0},
 * {@code 1.00} and {@code 1e0} are the same key, and so are {@code 100} and {@code 1e2}. The
 * canonical text is {@link BigDecimal#stripTrailingZeros()} then {@link BigDecimal#toString()}
 * ({@code 1E+2}), which is unique per value and, unlike {@code toPlainString()}, stays short for
 * {@code 1e999999}. Strings are compared byte for byte, without Unicode normalisation.
 *
 * <p>Changing this layout changes every key: during one window after such a change, duplicates
 * of events seen before it would pass. Instances are immutable and thread-safe.
 */
public final class DedupKeyExtractor {

    private final List<String> fields;

    private final String[][] segments;

    public DedupKeyExtractor(List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("a dedup key has at least one field");
        }
        this.fields = List.copyOf(fields);
        this.segments = new String[this.fields.size()][];
        for (int i = 0; i < this.segments.length; i++) {
            this.segments[i] = EventFields.segments(this.fields.get(i));
        }
    }

    public List<String> fields() {
        return this.fields;
    }

    /**
     * The canonical key of the event.
     * @throws InvalidEventException if a key field is missing, null, an object or an array
     */
    public byte[] canonicalKey(EventFields event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        for (int i = 0; i < this.segments.length; i++) {
            String field = this.fields.get(i);
            JsonNode value = event.node(field, this.segments[i]);
            if (value == null || value.isNull()) {
                throw new InvalidEventException("missing key field " + field);
            }
            if (value.isString()) {
                writeValue(out, 's', value.stringValue().getBytes(StandardCharsets.UTF_8));
            }
            else if (value.isNumber()) {
                writeValue(out, 'n', canonicalNumber(value.decimalValue()).getBytes(StandardCharsets.US_ASCII));
            }
            else if (value.isBoolean()) {
                out.write(value.booleanValue() ? 't' : 'f');
            }
            else {
                throw new InvalidEventException("key field " + field + " is " + EventFields.kind(value)
                        + ", not a string, number or boolean");
            }
        }
        return out.toByteArray();
    }

    static String canonicalNumber(BigDecimal value) {
        return value.stripTrailingZeros().toString();
    }

    private static void writeValue(ByteArrayOutputStream out, char tag, byte[] bytes) {
        out.write(tag);
        long length = bytes.length;
        while ((length & ~0x7FL) != 0) {
            out.write((int) ((length & 0x7F) | 0x80));
            length >>>= 7;
        }
        out.write((int) length);
        out.write(bytes, 0, bytes.length);
    }

}

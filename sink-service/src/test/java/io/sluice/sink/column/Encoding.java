package io.sluice.sink.column;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import io.sluice.model.clickhouse.ClickHouseType;

/** Test helper: one column bound to field {@code v}, with results as hex for readable assertions. */
final class Encoding {

    private Encoding() {
    }

    static String hex(String type, String jsonValue) throws ConversionException {
        return hex(type, jsonValue, ZoneOffset.UTC);
    }

    static String hex(String type, String jsonValue, ZoneId serverZone) throws ConversionException {
        RowEncoder encoder = RowEncoder.compile(List.of(new ColumnBinding("v", "c", ClickHouseType.parse(type))), serverZone);
        return encode(encoder, "{\"v\": " + jsonValue + "}");
    }

    /** The reason a value is rejected; fails if it is not. */
    static String reason(String type, String jsonValue) {
        try {
            String accepted = hex(type, jsonValue);
            throw new AssertionError(jsonValue + " into " + type + " should be rejected but became " + accepted);
        }
        catch (ConversionException ex) {
            return ex.reason();
        }
    }

    static String encode(RowEncoder encoder, String json) throws ConversionException {
        BinaryBuffer out = new BinaryBuffer();
        encoder.encode(json.getBytes(StandardCharsets.UTF_8), out);
        return HexFormat.of().formatHex(out.toByteArray());
    }

    /** The little-endian bytes of a value as hex. */
    static String le(long value, int bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            hex.append(String.format("%02x", (value >>> (8 * i)) & 0xFF));
        }
        return hex.toString();
    }

    static String le(BigInteger value, int bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            hex.append(String.format("%02x", value.shiftRight(8 * i).intValue() & 0xFF));
        }
        return hex.toString();
    }

    static String seconds(String instant) {
        return le(Instant.parse(instant).getEpochSecond(), 4);
    }

    static String utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(bytes);
    }

}

package io.sluice.sink.column;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sluice.model.clickhouse.ClickHouseType;
import tools.jackson.core.JsonParser;

/** UUID, Enum and Bool writers. */
final class ScalarWriters {

    private ScalarWriters() {
    }

    /**
     * UUID from its canonical text, 8-4-4-4-12 hex digits in either case. RowBinary holds it as two
     * little-endian UInt64: the high 64 bits first, then the low 64 bits (checked against
     * ClickHouse 18.16's own RowBinary output).
     */
    static final class UuidWriter implements ColumnWriter {

        @Override
        public void write(JsonParser parser, BinaryBuffer out) {
            if (parser.currentToken() != tools.jackson.core.JsonToken.VALUE_STRING) {
                throw RejectionWording.unexpected(parser, "a string", "UUID");
            }
            char[] chars = parser.getTextCharacters();
            int offset = parser.getTextOffset();
            if (parser.getTextLength() != 36 || chars[offset + 8] != '-' || chars[offset + 13] != '-'
                    || chars[offset + 18] != '-' || chars[offset + 23] != '-') {
                throw notAUuid(parser);
            }
            long high = hex(chars, offset, 8, parser) << 32 | hex(chars, offset + 9, 4, parser) << 16
                    | hex(chars, offset + 14, 4, parser);
            long low = hex(chars, offset + 19, 4, parser) << 48 | hex(chars, offset + 24, 12, parser);
            out.writeLongLE(high);
            out.writeLongLE(low);
        }

        @Override
        public void writeDefault(BinaryBuffer out) {
            out.writeZeros(16);
        }

        private static long hex(char[] chars, int from, int count, JsonParser parser) {
            long value = 0;
            for (int i = from; i < from + count; i++) {
                int digit = Character.digit(chars[i], 16);
                if (digit < 0) {
                    throw notAUuid(parser);
                }
                value = value << 4 | digit;
            }
            return value;
        }

        private static ValueRejectedException notAUuid(JsonParser parser) {
            return new ValueRejectedException(RejectionWording.describe(parser)
                    + " is not a UUID (8-4-4-4-12 hexadecimal digits, like 61f0c404-5cb3-11e7-907b-a6006ad3dba0)");
        }
    }

    /**
     * Enum8 and Enum16, from a name ({@code "active"}) or from a number that is one of the enum's
     * values. Anything else is rejected: ClickHouse itself refuses unknown enum values.
     */
    static final class EnumWriter implements ColumnWriter {

        private final ClickHouseType.Enumeration type;

        private final Map<String, Integer> byName = new HashMap<>();

        private final Map<Integer, String> byValue = new HashMap<>();

        private final int defaultValue;

        EnumWriter(ClickHouseType.Enumeration type) {
            this.type = type;
            List<ClickHouseType.EnumValue> values = type.values();
            for (ClickHouseType.EnumValue value : values) {
                this.byName.put(value.name(), value.value());
                this.byValue.put(value.value(), value.name());
            }
            // ClickHouse's default for an enum column is its smallest value.
            this.defaultValue = values.get(0).value();
        }

        @Override
        public void write(JsonParser parser, BinaryBuffer out) {
            int value = switch (parser.currentToken()) {
                case VALUE_STRING -> {
                    Integer known = this.byName.get(parser.getString());
                    if (known == null) {
                        throw new ValueRejectedException(RejectionWording.describe(parser) + " is not one of the names of "
                                + RejectionWording.shorten(this.type.sql()));
                    }
                    yield known;
                }
                case VALUE_NUMBER_INT -> {
                    long number = (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) ? Long.MIN_VALUE
                            : parser.getLongValue();
                    if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE
                            || !this.byValue.containsKey((int) number)) {
                        throw new ValueRejectedException(RejectionWording.describe(parser) + " is not one of the values of "
                                + RejectionWording.shorten(this.type.sql()));
                    }
                    yield (int) number;
                }
                default -> throw RejectionWording.unexpected(parser, "a name or a number", "Enum" + this.type.bits());
            };
            put(value, out);
        }

        @Override
        public void writeDefault(BinaryBuffer out) {
            put(this.defaultValue, out);
        }

        private void put(int value, BinaryBuffer out) {
            if (this.type.bits() == 8) {
                out.writeByte(value);
            }
            else {
                out.writeShortLE(value);
            }
        }
    }

    /** Bool: true or false, the integers 1 and 0, or the strings "true" and "false". */
    static final class BoolWriter implements ColumnWriter {

        @Override
        public void write(JsonParser parser, BinaryBuffer out) {
            boolean value = switch (parser.currentToken()) {
                case VALUE_TRUE -> true;
                case VALUE_FALSE -> false;
                case VALUE_NUMBER_INT -> {
                    String text = parser.getText();
                    if (text.equals("1")) {
                        yield true;
                    }
                    if (text.equals("0")) {
                        yield false;
                    }
                    throw new ValueRejectedException(text + " is not a boolean (true, false, 1 or 0)");
                }
                case VALUE_STRING -> {
                    String text = parser.getString();
                    if (text.equals("true")) {
                        yield true;
                    }
                    if (text.equals("false")) {
                        yield false;
                    }
                    throw new ValueRejectedException(RejectionWording.describe(parser) + " is not a boolean (true, false, 1 or 0)");
                }
                default -> throw RejectionWording.unexpected(parser, "a boolean", "Bool");
            };
            out.writeByte(value ? 1 : 0);
        }

        @Override
        public void writeDefault(BinaryBuffer out) {
            out.writeByte(0);
        }
    }

}

package io.sluice.sink.column;

import java.math.BigDecimal;
import java.math.BigInteger;

import io.sluice.model.clickhouse.ClickHouseType;
import tools.jackson.core.JsonParser;

/**
 * (U)Int8 to (U)Int64. A value outside the type's range is rejected, never wrapped: 300 into a
 * UInt8 is an error, not 44. Accepts JSON integers, numbers with no fraction ({@code 3.0},
 * {@code 1e3}), integers written as strings ({@code "42"}, the usual way to carry a UInt64 past
 * JavaScript) and booleans as 1 and 0 (the ClickHouse convention before Bool).
 */
final class IntegerWriter implements ColumnWriter {

    private final String type;

    private final int bytes;

    private final long min;

    private final long max;

    private final boolean unsigned64;

    private IntegerWriter(String type, int bytes, long min, long max, boolean unsigned64) {
        this.type = type;
        this.bytes = bytes;
        this.min = min;
        this.max = max;
        this.unsigned64 = unsigned64;
    }

    static IntegerWriter of(ClickHouseType.Scalar scalar) {
        return switch (scalar) {
            case UINT8 -> new IntegerWriter("UInt8", 1, 0, 255, false);
            case UINT16 -> new IntegerWriter("UInt16", 2, 0, 65_535, false);
            case UINT32 -> new IntegerWriter("UInt32", 4, 0, 4_294_967_295L, false);
            case UINT64 -> new IntegerWriter("UInt64", 8, 0, Long.MAX_VALUE, true);
            case INT8 -> new IntegerWriter("Int8", 1, Byte.MIN_VALUE, Byte.MAX_VALUE, false);
            case INT16 -> new IntegerWriter("Int16", 2, Short.MIN_VALUE, Short.MAX_VALUE, false);
            case INT32 -> new IntegerWriter("Int32", 4, Integer.MIN_VALUE, Integer.MAX_VALUE, false);
            case INT64 -> new IntegerWriter("Int64", 8, Long.MIN_VALUE, Long.MAX_VALUE, false);
            default -> throw new IllegalArgumentException(scalar + " is not an integer type");
        };
    }

    @Override
    public void write(JsonParser parser, BinaryBuffer out) {
        long value = switch (parser.currentToken()) {
            case VALUE_NUMBER_INT -> (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER)
                    ? fromBig(parser.getBigIntegerValue(), parser) : checked(parser.getLongValue(), parser);
            case VALUE_NUMBER_FLOAT -> fromDecimal(parser.getDecimalValue(), parser);
            case VALUE_STRING -> fromString(parser);
            case VALUE_TRUE -> 1;
            case VALUE_FALSE -> 0;
            default -> throw RejectionWording.unexpected(parser, "an integer", this.type);
        };
        put(value, out);
    }

    @Override
    public void writeDefault(BinaryBuffer out) {
        put(0, out);
    }

    private void put(long value, BinaryBuffer out) {
        switch (this.bytes) {
            case 1 -> out.writeByte((int) value);
            case 2 -> out.writeShortLE((int) value);
            case 4 -> out.writeIntLE((int) value);
            default -> out.writeLongLE(value);
        }
    }

    private long checked(long value, JsonParser parser) {
        if (value < this.min || value > this.max) {
            throw outOfRange(parser);
        }
        return value;
    }

    private long fromBig(BigInteger value, JsonParser parser) {
        // Only UInt64 holds integers beyond a long: 2^63 to 2^64 - 1 travel as the long with the same bits.
        if (this.unsigned64 && value.signum() >= 0 && value.compareTo(Numbers.TWO_POW_64) < 0) {
            return value.longValue();
        }
        if (value.bitLength() < 64) {
            return checked(value.longValue(), parser);
        }
        throw outOfRange(parser);
    }

    private long fromDecimal(BigDecimal value, JsonParser parser) {
        if (Numbers.integerDigits(value) > 20) {
            throw outOfRange(parser);
        }
        BigInteger whole = Numbers.wholeNumber(value);
        if (whole == null) {
            throw new ValueRejectedException(RejectionWording.describe(parser) + " is not a whole number, as " + this.type + " needs");
        }
        return fromBig(whole, parser);
    }

    private long fromString(JsonParser parser) {
        BigInteger value = Numbers.integer(parser.getString());
        if (value == null) {
            throw new ValueRejectedException(RejectionWording.describe(parser) + " is not an integer, as " + this.type + " needs");
        }
        return fromBig(value, parser);
    }

    private ValueRejectedException outOfRange(JsonParser parser) {
        String range = this.unsigned64 ? "0 to 18446744073709551615" : this.min + " to " + this.max;
        return new ValueRejectedException(RejectionWording.describe(parser) + " is out of range for " + this.type + " (" + range + ")");
    }

}

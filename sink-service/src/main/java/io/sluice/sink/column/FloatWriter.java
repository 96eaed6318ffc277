package io.sluice.sink.column;

import tools.jackson.core.JsonParser;

/**
 * Float32 and Float64: IEEE 754, rounded to the nearest representable value. A finite number too
 * large for the type is rejected rather than stored as infinity. Accepts JSON numbers and numbers
 * written as strings, including ClickHouse's {@code "nan"}, {@code "inf"} and {@code "-inf"} and
 * Java's {@code "NaN"}, {@code "Infinity"}.
 */
final class FloatWriter implements ColumnWriter {

    private final boolean single;

    FloatWriter(boolean single) {
        this.single = single;
    }

    @Override
    public void write(JsonParser parser, BinaryBuffer out) {
        double value = switch (parser.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> finite(parser.getDoubleValue(), parser);
            case VALUE_STRING -> fromString(parser);
            default -> throw RejectionWording.unexpected(parser, "a number", type());
        };
        if (this.single) {
            float narrowed = (float) value;
            if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
                throw outOfRange(parser);
            }
            out.writeIntLE(Float.floatToRawIntBits(narrowed));
        }
        else {
            out.writeLongLE(Double.doubleToRawLongBits(value));
        }
    }

    @Override
    public void writeDefault(BinaryBuffer out) {
        out.writeZeros(this.single ? 4 : 8);
    }

    private double fromString(JsonParser parser) {
        String text = parser.getString();
        switch (text) {
            case "nan", "NaN", "-nan":
                return Double.NaN;
            case "inf", "+inf", "Infinity", "+Infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        // Double.parseDouble would also take " 1", "1d" and "0x1p3"; check JSON's syntax first.
        if (Numbers.decimal(text) == null) {
            throw new ValueRejectedException(RejectionWording.describe(parser) + " is not a number, as " + type() + " needs");
        }
        return finite(Double.parseDouble(text), parser);
    }

    private double finite(double value, JsonParser parser) {
        if (Double.isInfinite(value)) {
            throw outOfRange(parser);
        }
        return value;
    }

    private ValueRejectedException outOfRange(JsonParser parser) {
        return new ValueRejectedException(RejectionWording.describe(parser) + " is out of range for " + type());
    }

    private String type() {
        return this.single ? "Float32" : "Float64";
    }

}

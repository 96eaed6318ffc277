package io.sluice.sink.column;

import java.math.BigDecimal;
import java.math.BigInteger;

import io.sluice.model.clickhouse.ClickHouseType;
import tools.jackson.core.JsonParser;

/**
 * Decimal(P, S), exact: the JSON number is read as written (never through a double), and a value
 * with more decimal places than S is rejected instead of rounded, so money never changes silently
 * on its way in. Trailing zeros beyond S are fine ({@code 1.50} into S = 1). Accepts JSON numbers
 * and numbers written as strings. The wire form is the unscaled value as a little-endian integer of
 * 4, 8 or 16 bytes for P up to 9, 18 and 38.
 */
final class DecimalWriter implements ColumnWriter {

    private final int precision;

    private final int scale;

    private final BigInteger limit;

    private final String type;

    DecimalWriter(ClickHouseType.Decimal decimal) {
        this.precision = decimal.precision();
        this.scale = decimal.scale();
        this.limit = BigInteger.TEN.pow(this.precision);
        this.type = decimal.sql();
    }

    @Override
    public void write(JsonParser parser, BinaryBuffer out) {
        BigDecimal value = switch (parser.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_STRING -> {
                BigDecimal parsed = Numbers.decimal(parser.getString());
                if (parsed == null) {
                    throw new ValueRejectedException(RejectionWording.describe(parser) + " is not a number, as " + this.type + " needs");
                }
                yield parsed;
            }
            default -> throw RejectionWording.unexpected(parser, "a number", this.type);
        };
        put(unscaled(value, parser), out);
    }

    @Override
    public void writeDefault(BinaryBuffer out) {
        put(BigInteger.ZERO, out);
    }

    private BigInteger unscaled(BigDecimal value, JsonParser parser) {
        if (Numbers.integerDigits(value) > this.precision - this.scale) {
            throw outOfRange(parser);
        }
        BigDecimal exact = value;
        if (exact.scale() > this.scale) {
            // Strip first: 1E-999999999 must not make setScale compute a giant power of ten.
            exact = exact.stripTrailingZeros();
            if (exact.scale() > this.scale) {
                throw new ValueRejectedException(RejectionWording.describe(parser) + " has more than " + this.scale
                        + " decimal places, as " + this.type + " keeps; round it before it reaches the sink");
            }
        }
        BigInteger unscaled = exact.setScale(this.scale).unscaledValue();
        if (unscaled.abs().compareTo(this.limit) >= 0) {
            throw outOfRange(parser);
        }
        return unscaled;
    }

    private void put(BigInteger unscaled, BinaryBuffer out) {
        if (this.precision <= 9) {
            out.writeIntLE(unscaled.intValue());
        }
        else if (this.precision <= 18) {
            out.writeLongLE(unscaled.longValue());
        }
        else {
            // Two's complement, little-endian, sign-extended to 16 bytes.
            byte[] bigEndian = unscaled.toByteArray();
            byte sign = (byte) ((unscaled.signum() < 0) ? -1 : 0);
            for (int i = 0; i < 16; i++) {
                int index = bigEndian.length - 1 - i;
                out.writeByte((index >= 0) ? bigEndian[index] : sign);
            }
        }
    }

    private ValueRejectedException outOfRange(JsonParser parser) {
        return new ValueRejectedException(RejectionWording.describe(parser) + " is out of range for " + this.type + " (at most "
                + (this.precision - this.scale) + " digits before the decimal point)");
    }

}

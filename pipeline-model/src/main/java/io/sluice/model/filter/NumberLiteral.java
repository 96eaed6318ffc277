package io.sluice.model.filter;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A number in an expression, with its value precomputed for the common event types so that
 * comparing an int or double field allocates nothing.
 */
record NumberLiteral(BigDecimal decimal, double asDouble, Long asLong) {

    static NumberLiteral of(BigDecimal decimal) {
        Long exact = null;
        try {
            exact = decimal.longValueExact();
        }
        catch (ArithmeticException ex) {
            // not a whole number or beyond long: compared as a decimal
        }
        return new NumberLiteral(decimal, decimal.doubleValue(), exact);
    }

    /** The sign of value minus this literal, or null if the value is not a finite number. */
    Integer compareWith(Number value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long actual = value.longValue();
            return (this.asLong != null) ? Long.compare(actual, this.asLong)
                    : BigDecimal.valueOf(actual).compareTo(this.decimal);
        }
        if (value instanceof Double || value instanceof Float) {
            double actual = value.doubleValue();
            if (Double.isNaN(actual) || Double.isInfinite(actual)) {
                return null;
            }
            return (actual < this.asDouble) ? -1 : ((actual > this.asDouble) ? 1 : 0);
        }
        if (value instanceof BigDecimal actual) {
            return actual.compareTo(this.decimal);
        }
        if (value instanceof BigInteger actual) {
            return new BigDecimal(actual).compareTo(this.decimal);
        }
        try {
            return new BigDecimal(value.toString()).compareTo(this.decimal);
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

}

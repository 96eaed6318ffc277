package io.sluice.sink.column;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Strict reading of numbers written as JSON strings, e.g. {@code "18446744073709551615"}. */
final class Numbers {

    // A number written as text longer than this is not a value a column can hold, and parsing
    // arbitrarily long digit strings costs quadratic time.
    static final int MAX_TEXT_LENGTH = 100;

    static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);

    private Numbers() {
    }

    /** An integer written as optional sign and digits only; null if the text is anything else. */
    static BigInteger integer(String text) {
        if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            return null;
        }
        int start = (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        if (start == text.length()) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return new BigInteger(text);
    }

    /**
     * A decimal number in JSON's syntax (sign, digits, optional fraction and exponent); null if the
     * text is anything else. Stricter than {@link BigDecimal#BigDecimal(String)}, which also takes
     * {@code ".5"} and {@code "5."}.
     */
    static BigDecimal decimal(String text) {
        if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            return null;
        }
        int i = (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        int digits = skipDigits(text, i);
        if (digits == i) {
            return null;
        }
        i = digits;
        if (i < text.length() && text.charAt(i) == '.') {
            digits = skipDigits(text, i + 1);
            if (digits == i + 1) {
                return null;
            }
            i = digits;
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            digits = skipDigits(text, i);
            if (digits == i) {
                return null;
            }
            i = digits;
        }
        return (i == text.length()) ? new BigDecimal(text) : null;
    }

    /**
     * The number of digits before the decimal point, cheaply and without expanding the number:
     * {@code 1e999999999} must be rejected, not turned into a billion-digit BigInteger.
     */
    static long integerDigits(BigDecimal value) {
        return (value.signum() == 0) ? 0 : (long) value.precision() - value.scale();
    }

    /**
     * The value as a whole number, or null if it has a fraction. Callers check
     * {@link #integerDigits} first so the result is small.
     */
    static BigInteger wholeNumber(BigDecimal value) {
        if (value.signum() == 0) {
            return BigInteger.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() > 0) ? null : stripped.toBigIntegerExact();
    }

    private static int skipDigits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

}

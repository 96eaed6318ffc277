package io.sluice.model.key;

import java.math.BigDecimal;

/**
 * The text a dedup key field's value becomes in a {@link KeyEncoding key}: one text per value, so
 * that equal values make equal keys. The ingest stage (reading Kafka records) and the dedup stage
 * (reading events whose batch carries no key) both use these, so either makes the same key.
 *
 * <ul>
 * <li>a string: itself (decoded: {@code "a\u0062"} is {@code ab});</li>
 * <li>a bool: {@code true} or {@code false};</li>
 * <li>an integer in a field the schema types {@code int}: its decimal digits, {@code -0} as {@code 0};</li>
 * <li>any other number: by value, the shortest decimal without trailing zeros ({@code 1},
 * {@code 1.0} and {@code 10e-1} are {@code 1}; {@code 100} is {@code 1E+2}), exact whatever the
 * digits, never a million digits for {@code 1e999999}.</li>
 * </ul>
 */
public final class CanonicalValues {

    private CanonicalValues() {
    }

    /** @param digits a JSON integer's text (no '+', no leading zeros) */
    public static String integer(String digits) {
        return digits.equals("-0") ? "0" : digits;
    }

    /**
     * @param text a JSON number's text
     * @throws NumberFormatException if it is not a number {@link BigDecimal} can hold
     */
    public static String decimal(String text) {
        return decimal(new BigDecimal(text));
    }

    public static String decimal(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        // toString, not toPlainString: 1e999999 would be a million digits in plain notation.
        return value.stripTrailingZeros().toString();
    }
}

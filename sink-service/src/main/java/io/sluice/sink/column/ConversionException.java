package io.sluice.sink.column;

/**
 * A record that cannot become a row: not a JSON object, or a field whose value does not fit its
 * column. The record goes to the pipeline's dead-letter stream with {@link #getMessage()} as the
 * reason while the rest of its block is inserted. Carries no stack trace: it is an expected outcome
 * for bad input, not a bug.
 */
public final class ConversionException extends Exception {

    private final String field;

    private final String column;

    private final String reason;

    ConversionException(String field, String column, String reason) {
        super(message(field, column, reason), null, false, false);
        this.field = field;
        this.column = column;
        this.reason = reason;
    }

    static ConversionException wholeRecord(String reason) {
        return new ConversionException(null, null, reason);
    }

    /** The dot-path of the field at fault, or null when the whole record is. */
    public String field() {
        return this.field;
    }

    /** The column the field maps to, or null when the whole record is at fault. */
    public String column() {
        return this.column;
    }

    /** What is wrong with the value, without naming the field. */
    public String reason() {
        return this.reason;
    }

    private static String message(String field, String column, String reason) {
        if (field == null) {
            return reason;
        }
        return "field \"" + field + "\" (column " + column + "): " + reason;
    }

}

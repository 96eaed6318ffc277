package io.sluice.model.filter;

/** A filter expression that does not follow the grammar of {@link Filter}. */
public class FilterSyntaxException extends RuntimeException {

    private final int position;

    private final String reason;

    FilterSyntaxException(int position, String reason) {
        super("syntax error at position " + position + ": " + reason);
        this.position = position;
        this.reason = reason;
    }

    /** Where in the expression the problem is, counting characters from 1. */
    public int position() {
        return this.position;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return this.reason;
    }

}

package io.sluice.sink.column;

/**
 * A JSON value that does not fit its column. Expected on bad input, so it carries no stack trace:
 * filling one in for every rejected row would cost more than converting the row.
 */
final class ValueRejectedException extends RuntimeException {

    ValueRejectedException(String reason) {
        super(reason, null, false, false);
    }

}

package io.sluice.ingest.parse;

/**
 * A record the pipeline cannot take, with the reason its dead letter carries. Thrown once per bad
 * record on the hot path, so it skips the stack trace, which would cost more than the parse.
 */
public final class InvalidRecordException extends Exception {

    InvalidRecordException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}

package io.sluice.model.key;

/**
 * An event a stage cannot key (dedup) or join: not a JSON object, or a key field missing, null
 * or not a scalar. Such an event is not retried; it goes to the pipeline's dead-letter stream
 * with {@link #getMessage()} as the reason, and the rest of its batch flows on.
 */
public class InvalidEventException extends RuntimeException {

    InvalidEventException(String reason) {
        super(reason);
    }

}

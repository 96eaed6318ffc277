package io.sluice.api.deadletter;

/** A dead-letter request that failed; each subclass maps to one HTTP status. */
abstract class DeadLetterException extends RuntimeException {

    DeadLetterException(String message, Throwable cause) {
        super(message, cause);
    }

}

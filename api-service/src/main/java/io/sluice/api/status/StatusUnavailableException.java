package io.sluice.api.status;

/** The status bucket cannot be read now (NATS unreachable). */
class StatusUnavailableException extends RuntimeException {

    StatusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

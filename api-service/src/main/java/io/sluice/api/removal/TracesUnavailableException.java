package io.sluice.api.removal;

/** NATS could not be reached or refused an operation of a removal; the removal is tried again later. */
class TracesUnavailableException extends RuntimeException {

    TracesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.sluice.api.distribution;

/** NATS could not be reached, or did not answer, for a KV operation; it is worth trying again later. */
class NatsUnavailableException extends RuntimeException {

    NatsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

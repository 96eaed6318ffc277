package io.sluice.api.deadletter;

/** NATS did not answer, or answered a JetStream request with an error. */
class NatsUnavailableException extends DeadLetterException {

    NatsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

}

package io.sluice.api.deadletter;

/**
 * A pipeline's dead-letter stream could not be read or changed: NATS did not answer, answered the
 * JetStream request with an error, or cannot hold the configured replicas. The request fails with
 * 503; nothing is kept to retry (unlike {@code distribution.ControlBucketUnavailableException}).
 */
class DeadLetterStreamUnavailableException extends DeadLetterException {

    DeadLetterStreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

}

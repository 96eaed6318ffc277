package io.sluice.ingest.publish;

/** A publish that JetStream did not confirm: refused, or not acknowledged in time. */
public final class PublishFailedException extends RuntimeException {

    PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

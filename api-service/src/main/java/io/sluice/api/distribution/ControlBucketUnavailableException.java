package io.sluice.api.distribution;

/**
 * The control KV buckets (definitions, status) could not be read or written: NATS could not be
 * reached or did not answer. It is worth trying again later: a definition change stays pending
 * and is retried; the REST call that made it does not fail.
 */
class ControlBucketUnavailableException extends RuntimeException {

    ControlBucketUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

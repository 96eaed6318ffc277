package io.sluice.api.status;

/** The broker could not tell a source's lag; the message says why, in words for people. */
class LagUnavailableException extends RuntimeException {

    LagUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

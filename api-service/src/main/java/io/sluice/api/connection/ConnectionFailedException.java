package io.sluice.api.connection;

/**
 * A Kafka or ClickHouse server could not do what a connection helper asked, with a message meant
 * for the person filling in the wizard (never a stack trace or a class name).
 */
class ConnectionFailedException extends RuntimeException {

    /** What went wrong, which also decides the HTTP status of a listing endpoint's problem. */
    enum Failure {
        /** No TCP connection to the server (refused, unknown host, no route). */
        UNREACHABLE,
        /** The server rejected the credentials. */
        AUTHENTICATION,
        /** The credentials are valid but may not do this. */
        AUTHORIZATION,
        /** The TLS handshake failed (untrusted certificate, TLS against a plain listener, ...). */
        TLS,
        /** The server did not answer within the time bound. */
        TIMEOUT,
        /** The topic, database or table the request names does not exist. */
        NOT_FOUND,
        /** The topic exists but holds no event to sample. */
        EMPTY,
        /** Anything else the server answered with. */
        FAILED
    }

    private final Failure failure;

    ConnectionFailedException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    ConnectionFailedException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    Failure failure() {
        return this.failure;
    }

}

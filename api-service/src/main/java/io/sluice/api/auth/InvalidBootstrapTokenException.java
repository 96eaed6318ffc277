package io.sluice.api.auth;

/** The configured bootstrap token is too short to stand as an admin password. */
class InvalidBootstrapTokenException extends RuntimeException {

    InvalidBootstrapTokenException(String message) {
        super(message);
    }

}

package io.sluice.ui.api;

/** The api-service could not be reached or did not answer in time: nothing the user did wrong. */
public class ApiUnavailableException extends RuntimeException {

    public ApiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

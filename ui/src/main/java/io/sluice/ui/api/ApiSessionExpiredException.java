package io.sluice.ui.api;

/**
 * The api-service no longer accepts the logged-in user's session token (it expired or was revoked):
 * the ui logs the user out and sends them to the login page.
 */
public class ApiSessionExpiredException extends RuntimeException {

    public ApiSessionExpiredException() {
        super("The api-service session expired");
    }
}

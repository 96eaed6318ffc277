package io.sluice.ui.api;

import java.io.Serializable;
import java.time.Instant;

/**
 * A logged-in user's session with the api-service, kept in the ui's HTTP session (as the
 * authentication's principal) and never sent to the browser.
 */
public record ApiSession(String username, String token, Instant expiresAt) implements Serializable {

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs and error pages.
        return "ApiSession[" + username + ", expires " + expiresAt + "]";
    }
}

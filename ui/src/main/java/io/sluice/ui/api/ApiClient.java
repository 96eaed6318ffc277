package io.sluice.ui.api;

/**
 * The ui's only way to the outside: the api-service's REST API ({@code /api/v1}). Every call is made
 * on behalf of the logged-in user, with the session token the api-service gave at login.
 *
 * <p>Paths are relative to {@code /api/v1}, e.g. {@code /pipelines?status=running}. Errors arrive as
 * {@link ApiProblemException} (the API refused, with its problem details), {@link ApiSessionExpiredException}
 * (401: log in again) or {@link ApiUnavailableException} (unreachable or too slow).
 */
public interface ApiClient {

    ApiResponse get(String path);

    /** POST with a JSON body; {@code body} may be null for actions such as {@code /pipelines/x/pause}. */
    ApiResponse post(String path, Object body);

    /** PUT with a JSON body and the {@code If-Match} the API requires for edits. */
    ApiResponse put(String path, Object body, String ifMatch);

    ApiResponse delete(String path);

    /**
     * Exchanges the user's name and password for a session token (anonymous call).
     *
     * @param clientAddress the browser's address, passed on as X-Forwarded-For: the api-service
     *                      throttles failed logins per client address, and without it every
     *                      browser would share the ui's (one attacker would lock everyone out)
     */
    ApiSession login(String username, String password, String clientAddress);

    /** Revokes a session token; failures are ignored, the token expires by itself anyway. */
    void logout(String token);
}

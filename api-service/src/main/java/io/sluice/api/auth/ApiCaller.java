package io.sluice.api.auth;

/**
 * Who is calling the API.
 *
 * @param name  the token's or user's name, for audit (lifecycle events record it)
 * @param admin whether the caller may manage tokens
 */
public record ApiCaller(String name, boolean admin) {
}

package io.sluice.api.auth;

import java.util.Optional;

/** Decides who a bearer token belongs to. */
public interface ApiTokens {

    /** The caller this token authenticates, or empty when the token is unknown or revoked. */
    Optional<ApiCaller> authenticate(String token);
}

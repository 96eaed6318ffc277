package io.sluice.api.auth;

import java.time.Instant;
import java.util.UUID;

/** A token as listed: everything but the token itself, which is never shown again. */
record TokenView(UUID id, String name, boolean admin, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {

    static TokenView of(ApiToken token) {
        return new TokenView(token.id(), token.name(), token.admin(), token.createdAt(), token.lastUsedAt(),
                token.expiresAt());
    }
}

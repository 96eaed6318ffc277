package io.sluice.api.auth;

import java.time.Instant;
import java.util.UUID;

/** A token just created: the only time the token itself is shown. */
record CreatedToken(UUID id, String name, boolean admin, Instant createdAt, Instant expiresAt, String token) {

    @Override
    public String toString() {
        return "CreatedToken[id=" + id + ", name=" + name + ", admin=" + admin + "]";
    }
}

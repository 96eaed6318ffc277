package io.sluice.api.auth;

import java.util.ArrayList;
import java.util.List;

/** The request bodies of the token and session endpoints, and their checks. */
final class TokenRequests {

    static final int MAX_NAME = 200;

    private TokenRequests() {
    }

    /** {@code POST /api/v1/tokens}: a name to recognize the token by, and whether it may manage tokens. */
    record CreateToken(String name, Boolean admin) {

        List<FieldError> problems() {
            List<FieldError> problems = new ArrayList<>();
            if (name == null || name.isBlank()) {
                problems.add(new FieldError("$.name", "is required"));
            } else if (name.length() > MAX_NAME) {
                problems.add(new FieldError("$.name", "must be at most " + MAX_NAME + " characters"));
            } else if (name.chars().anyMatch(Character::isISOControl)) {
                problems.add(new FieldError("$.name", "must not contain control characters"));
            } else if (name.startsWith(StoredApiTokens.SESSION_PREFIX)) {
                problems.add(new FieldError("$.name", "must not start with '" + StoredApiTokens.SESSION_PREFIX
                        + "', which marks UI sessions"));
            }
            return problems;
        }
    }

    /** {@code POST /api/v1/sessions}. */
    record Login(String username, String password) {

        List<FieldError> problems() {
            List<FieldError> problems = new ArrayList<>();
            if (username == null || username.isEmpty()) {
                problems.add(new FieldError("$.username", "is required"));
            } else if (username.length() > MAX_NAME) {
                problems.add(new FieldError("$.username", "must be at most " + MAX_NAME + " characters"));
            }
            if (password == null || password.isEmpty()) {
                problems.add(new FieldError("$.password", "is required"));
            }
            return problems;
        }

        // The record's own toString would print the password.
        @Override
        public String toString() {
            return "Login[username=" + username + "]";
        }
    }

    /** A UI session: the token to send as bearer until it expires. */
    record Session(String token, String username, java.time.Instant expiresAt) {

        @Override
        public String toString() {
            return "Session[username=" + username + ", expiresAt=" + expiresAt + "]";
        }
    }

    record FieldError(String path, String message) {
    }
}

package io.sluice.api.auth;

import java.security.MessageDigest;

/**
 * The one UI user, from configuration. Without a password, UI login is disabled (the dev profile
 * sets one).
 */
final class AdminCredentials {

    private final byte[] username;

    private final byte[] password;

    AdminCredentials(String username, String password) {
        this.username = TokenSecrets.sha256(username == null ? "" : username);
        this.password = password == null || password.isEmpty() ? null : TokenSecrets.sha256(password);
    }

    boolean enabled() {
        return password != null;
    }

    /**
     * Whether both match. Compares fixed-length digests in constant time and always both of them,
     * so the time taken tells nothing about either.
     */
    boolean matches(String candidateUsername, String candidatePassword) {
        if (password == null || candidateUsername == null || candidatePassword == null) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(username, TokenSecrets.sha256(candidateUsername));
        boolean passwordMatches = MessageDigest.isEqual(password, TokenSecrets.sha256(candidatePassword));
        return userMatches & passwordMatches;
    }
}

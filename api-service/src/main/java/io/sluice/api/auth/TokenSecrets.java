package io.sluice.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes API tokens and the hashes they are stored as. A token is {@code slc_} and 32 random bytes
 * (256 bits) in base64url; that much entropy makes a plain SHA-256 enough to store it (a slow
 * password hash protects guessable secrets, which these are not).
 */
final class TokenSecrets {

    static final String PREFIX = "slc_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the text has the shape of a token this service issues, before any database look-up. */
    static boolean looksLikeToken(String text) {
        return text != null && text.startsWith(PREFIX) && text.length() == PREFIX.length() + 43;
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package io.sluice.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.sluice.api.config.ApiProperties;
import org.springframework.stereotype.Component;

/**
 * The admin token from configuration: the way in before any token has been created. It is an
 * admin password anyone who reaches the API can try, so one shorter than {@value #MIN_LENGTH}
 * characters stops the service at start.
 */
@Component
class BootstrapToken implements ApiTokens {

    static final int MIN_LENGTH = 24;

    private final byte[] expected;

    BootstrapToken(ApiProperties properties) {
        String token = properties.security().bootstrapToken();
        if (token != null && !token.isBlank() && token.strip().length() < MIN_LENGTH) {
            // Not the token itself: the message goes to the log.
            throw new InvalidBootstrapTokenException("sluice.security.bootstrap-token (SLUICE_BOOTSTRAP_TOKEN) has "
                    + token.strip().length() + " characters; it must have at least " + MIN_LENGTH + " characters");
        }
        this.expected = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<ApiCaller> authenticate(String token) {
        // Constant-time comparison: the token is a password, a timing leak would reveal it.
        if (expected != null && MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new ApiCaller("bootstrap", true));
        }
        return Optional.empty();
    }
}

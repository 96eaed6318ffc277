package io.sluice.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.sluice.api.config.ApiProperties;
import org.springframework.stereotype.Component;

/** The admin token from configuration: the way in before any token has been created. */
@Component
class BootstrapToken implements ApiTokens {

    private final byte[] expected;

    BootstrapToken(ApiProperties properties) {
        String token = properties.security().bootstrapToken();
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

package io.sluice.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TokenSecretsTests {

    @Test
    void tokenIsPrefixedBase64UrlOf32RandomBytes() {
        String token = TokenSecrets.newToken();

        assertThat(token).startsWith("slc_").hasSize(4 + 43).matches("slc_[A-Za-z0-9_-]{43}");
        assertThat(TokenSecrets.looksLikeToken(token)).isTrue();
    }

    @Test
    void everyTokenIsDifferent() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(TokenSecrets.newToken());
        }

        assertThat(tokens).hasSize(1000);
    }

    @Test
    void hashIsTheHexSha256AndNeverTheToken() {
        String token = TokenSecrets.newToken();

        assertThat(TokenSecrets.hash(token)).hasSize(64).matches("[0-9a-f]{64}").doesNotContain(token.substring(4));
        assertThat(TokenSecrets.hash(token)).isEqualTo(TokenSecrets.hash(token));
        assertThat(TokenSecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void otherTextsAreNotTakenForTokens() {
        assertThat(TokenSecrets.looksLikeToken("test-bootstrap-token")).isFalse();
        assertThat(TokenSecrets.looksLikeToken("slc_short")).isFalse();
        assertThat(TokenSecrets.looksLikeToken(null)).isFalse();
    }
}

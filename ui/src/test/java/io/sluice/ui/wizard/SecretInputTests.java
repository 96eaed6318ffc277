package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretInputTests {

    @Test
    void aTypedPasswordIsShownAsTheMaskNeverAsItself() {
        assertThat(SecretInput.shown("s3cret")).isEqualTo("********");
        assertThat(SecretInput.shown("")).isEmpty();
        assertThat(SecretInput.shown(null)).isEmpty();
    }

    @Test
    void theMaskSentBackKeepsThePasswordTypedEarlier() {
        assertThat(SecretInput.kept("********", "s3cret")).isEqualTo("s3cret");
    }

    @Test
    void aNewlyTypedPasswordReplacesTheStoredOne() {
        assertThat(SecretInput.kept("other", "s3cret")).isEqualTo("other");
        assertThat(SecretInput.kept("", "s3cret")).isEmpty();
    }

    @Test
    void inEditModeTheApisMaskStaysTheMaskSoTheApiKeepsTheSavedSecret() {
        assertThat(SecretInput.kept("********", "********")).isEqualTo("********");
    }
}

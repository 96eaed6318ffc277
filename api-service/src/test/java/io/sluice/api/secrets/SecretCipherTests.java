package io.sluice.api.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretCipherTests {

    static final String KEY = "dGVzdC1vbmx5LXRlc3Qtb25seS10ZXN0LW9ubHktMTI=";

    private final SecretCipher cipher = new SecretCipher(EncryptionKeys.parse(KEY));

    @Test
    void opensWhatItSealed() {
        String sealed = this.cipher.seal("kafka-pässword", "pipeline a sink.password");

        assertThat(sealed).startsWith("enc:v1:").doesNotContain("kafka");
        assertThat(this.cipher.open(sealed, "pipeline a sink.password")).isEqualTo("kafka-pässword");
    }

    @Test
    void sealsTheSameValueDifferentlyEachTime() {
        assertThat(this.cipher.seal("same", "ctx")).isNotEqualTo(this.cipher.seal("same", "ctx"));
    }

    @Test
    void refusesAValueSealedForAnotherPipelineOrField() {
        String sealed = this.cipher.seal("secret", "pipeline a sink.password");

        assertThatExceptionOfType(UnreadableSecretException.class)
            .isThrownBy(() -> this.cipher.open(sealed, "pipeline b sink.password"))
            .withMessageNotContaining("secret\"");
    }

    @Test
    void refusesAnAlteredValue() {
        String sealed = this.cipher.seal("secret", "ctx");
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(SecretCipher.PREFIX.length()));
        bytes[bytes.length - 1] ^= 1;
        String altered = SecretCipher.PREFIX + Base64.getEncoder().encodeToString(bytes);

        assertThatExceptionOfType(UnreadableSecretException.class).isThrownBy(() -> this.cipher.open(altered, "ctx"));
    }

    @Test
    void refusesAValueSealedWithAnotherKey() {
        SecretCipher other = new SecretCipher(EncryptionKeys.parse(Base64.getEncoder().encodeToString(new byte[32])));

        assertThatExceptionOfType(UnreadableSecretException.class)
            .isThrownBy(() -> other.open(this.cipher.seal("secret", "ctx"), "ctx"))
            .withMessageContaining("another encryption key");
    }

    @Test
    void refusesAValueThatWasNeverSealed() {
        assertThatExceptionOfType(UnreadableSecretException.class)
            .isThrownBy(() -> this.cipher.open("plain-password", "ctx"))
            .withMessageNotContaining("plain-password");
    }

}

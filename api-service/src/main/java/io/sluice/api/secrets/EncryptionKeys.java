package io.sluice.api.secrets;

import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Turns the configured key text into an AES-256 key, or says exactly what is wrong with it. */
final class EncryptionKeys {

    static final int KEY_BYTES = 32;

    private EncryptionKeys() {
    }

    static SecretKey parse(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new InvalidEncryptionKeyException("sluice.security.encryption-key (SLUICE_ENCRYPTION_KEY) is not set");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidEncryptionKeyException(
                    "sluice.security.encryption-key (SLUICE_ENCRYPTION_KEY) is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new InvalidEncryptionKeyException("sluice.security.encryption-key (SLUICE_ENCRYPTION_KEY) must be "
                    + KEY_BYTES + " bytes (AES-256) once base64-decoded, but it is " + key.length + " bytes");
        }
        return new SecretKeySpec(key, "AES");
    }

}

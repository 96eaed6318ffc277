package io.sluice.api.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals single secret values with AES-256-GCM: {@code enc:v1:<base64(iv || ciphertext+tag)>}.
 *
 * <p>Every value gets a fresh random 12-byte IV (GCM must never reuse an IV under one key). The
 * {@code context} (which pipeline and which field) is bound as additional authenticated data, so a
 * sealed value copied into another pipeline or field fails to open instead of leaking there.
 */
public final class SecretCipher {

    static final String PREFIX = "enc:v1:";

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private static final int IV_BYTES = 12;

    private static final int TAG_BITS = 128;

    private final SecretKey key;

    private final SecureRandom random = new SecureRandom();

    SecretCipher(SecretKey key) {
        this.key = key;
    }

    public String seal(String plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        this.random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] stored = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return PREFIX + Base64.getEncoder().encodeToString(stored);
        }
        catch (GeneralSecurityException ex) {
            // AES-GCM is mandatory in every JRE; failing here means a broken runtime, not bad input.
            throw new IllegalStateException("AES-GCM encryption is not available", ex);
        }
    }

    /**
     * The plaintext of a value made by {@link #seal} with the same context.
     * @throws UnreadableSecretException if the value is not sealed, was altered, belongs to another
     * context or was sealed with another key (the message never contains the value)
     */
    public String open(String sealed, String context) {
        if (!sealed.startsWith(PREFIX)) {
            throw new UnreadableSecretException(context, "it is not sealed");
        }
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        }
        catch (IllegalArgumentException ex) {
            throw new UnreadableSecretException(context, "it is not valid base64");
        }
        if (stored.length < IV_BYTES + TAG_BITS / 8) {
            throw new UnreadableSecretException(context, "it is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        }
        catch (GeneralSecurityException ex) {
            throw new UnreadableSecretException(context,
                    "authentication failed (another encryption key, or the stored value was altered)");
        }
    }

}

package io.sluice.api.secrets;

/** The configured encryption key is missing or not a base64 AES-256 key; the service does not start. */
class InvalidEncryptionKeyException extends RuntimeException {

    InvalidEncryptionKeyException(String message) {
        super(message);
    }

}

package io.sluice.api.secrets;

/** A stored secret that cannot be decrypted. Says where, never what. */
public class UnreadableSecretException extends RuntimeException {

    UnreadableSecretException(String context, String why) {
        super("cannot decrypt the secret " + context + ": " + why);
    }

}

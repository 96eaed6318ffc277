package io.sluice.api.deadletter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which event a dead letter is about, the same across its replays: a replayed event that fails
 * again comes back as a new dead letter with a new sequence, perhaps from another stage. Its
 * source position ({@code topic/partition/offset}) names it when known; otherwise its original
 * bytes do (a join output, made of two inputs, has no single position).
 */
final class DeadLetterIdentity {

    private DeadLetterIdentity() {
    }

    /** A key of hex digits, fit for a NATS KV key, for the event at {@code sourcePosition} or with these bytes. */
    static String of(String sourcePosition, byte[] original) {
        MessageDigest digest = sha256();
        if (sourcePosition != null && !sourcePosition.isEmpty()) {
            digest.update("position:".getBytes(StandardCharsets.UTF_8));
            digest.update(sourcePosition.getBytes(StandardCharsets.UTF_8));
        } else {
            digest.update("bytes:".getBytes(StandardCharsets.UTF_8));
            digest.update(original == null ? new byte[0] : original);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

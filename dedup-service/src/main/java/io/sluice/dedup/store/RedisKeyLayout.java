package io.sluice.dedup.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Redis key of a dedup key: {@code <prefix>dedup:<pipelineId>:<sourceId>:} followed by the first
 * {@value #HASH_BYTES} bytes of the SHA-256 of the canonical key, raw (binary-safe, not hex).
 *
 * <p>Hashing gives every key the same small size whatever the events' key fields hold. 128 bits
 * make a collision (two different keys taken for one, dropping an event as a duplicate) a
 * non-event: with n keys alive in one source's window the odds are about n²/2¹²⁹, 1.5·10⁻²¹ for
 * n = 10⁹; 64 bits would give 2.7% at the same n. Pipeline and source ids are slugs without
 * {@code ':'}, so the text part is unambiguous.
 */
final class RedisKeyLayout {

    static final int HASH_BYTES = 16;

    private final String prefix;

    RedisKeyLayout(String prefix) {
        this.prefix = (prefix != null) ? prefix : "";
    }

    /** The part shared by every key of a pipeline source. */
    byte[] namespace(String pipelineId, String sourceId) {
        return (this.prefix + "dedup:" + id("pipeline id", pipelineId) + ":" + id("source id", sourceId) + ":")
            .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The key of a lane's sentinel (see {@code state.StateGuard}): {@code <prefix>dedup-sentinel:<pipelineId>:<sourceId>:<lane>}.
     * Outside the {@code dedup:} namespace, so no claim key can ever be a sentinel's.
     */
    byte[] sentinel(String pipelineId, String sourceId, String lane) {
        return (this.prefix + "dedup-sentinel:" + id("pipeline id", pipelineId) + ":" + id("source id", sourceId) + ":"
                + id("lane", lane)).getBytes(StandardCharsets.UTF_8);
    }

    /** The Redis key; {@code sha256} is reset and used, one per thread. */
    static byte[] key(byte[] namespace, MessageDigest sha256, byte[] canonicalKey) {
        byte[] key = Arrays.copyOf(namespace, namespace.length + HASH_BYTES);
        sha256.reset();
        byte[] hash = sha256.digest(canonicalKey);
        System.arraycopy(hash, 0, key, namespace.length, HASH_BYTES);
        return key;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform provides SHA-256", ex);
        }
    }

    private static String id(String what, String value) {
        if (value == null || value.isEmpty() || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a " + what + " in a dedup key is non-empty without ':', not \"" + value + "\"");
        }
        return value;
    }

}

package io.sluice.join.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The Redis keys of a join pipeline's state. Pure.
 *
 * <p>The state is split into shards by the join key's hash, and every key of a shard carries the
 * hash tag {@code {<prefix>join:<pipeline>:<shard>}}: a shard's keys share one Redis Cluster slot,
 * so each script below touches one node, while shards spread over the nodes. A join key is stored
 * as the hex of the first 16 bytes of its SHA-256, which bounds key lengths whatever the key's
 * fields hold.
 */
public final class JoinStateLayout {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final int HASH_BYTES = 16;

    private final String prefix;

    private final String pipelineId;

    private final int shards;

    /**
     * @param prefix     in front of every key (tests isolate with it); may be empty
     * @param pipelineId the pipeline's id
     * @param shards     how many shards the state is split into, at least 1
     */
    public JoinStateLayout(String prefix, String pipelineId, int shards) {
        if (pipelineId == null || !ID.matcher(pipelineId).matches()) {
            throw new IllegalArgumentException("not a pipeline id: " + pipelineId);
        }
        if (shards < 1) {
            throw new IllegalArgumentException("a join has at least one shard, not " + shards);
        }
        this.prefix = prefix == null ? "" : prefix;
        this.pipelineId = pipelineId;
        this.shards = shards;
    }

    public int shards() {
        return shards;
    }

    /** The hex hash a key's state is stored under. */
    public static String keyHash(byte[] canonicalKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalKey);
            return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The shard of a key hash: its first four bytes, unsigned, modulo the shard count. */
    public int shardOf(String keyHash) {
        return (int) (Long.parseLong(keyHash.substring(0, 8), 16) % shards);
    }

    /** The keys of one shard. */
    public Shard shard(int shard) {
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards);
        }
        String tag = "{" + prefix + "join:" + pipelineId + ":" + shard + "}";
        return new Shard(shard, tag);
    }

    /** The replicas running the pipeline's join, scored by their last heartbeat. */
    public byte[] replicas() {
        return (prefix + "join:" + pipelineId + ":replicas").getBytes(StandardCharsets.UTF_8);
    }

    /** Every key of one shard, derived from its hash tag. */
    public record Shard(int index, String tag) {

        /** Followed by a key hash: the key's latest right event, {@code <arrival ms>|<position>|<event>}. */
        public String rightPrefix() {
            return tag + ":r:";
        }

        /** Followed by a key hash: the key's waiting left events, field = position, value = the event. */
        public String leftPrefix() {
            return tag + ":l:";
        }

        /** Waiting left events by the end of their window; member {@code <key hash>|<position>}. */
        public byte[] due() {
            return bytes(tag + ":due");
        }

        /** Right events by the end of their window; member = key hash. */
        public byte[] rightsDue() {
            return bytes(tag + ":rdue");
        }

        /** Followed by a lane: the highest offset of that input lane this shard has applied. */
        public String lanePrefix() {
            return tag + ":lane:";
        }

        /** The outbox stream: every decided fate, in order. */
        public byte[] outbox() {
            return bytes(tag + ":out");
        }

        /** Who publishes the shard's outbox now, with a time to live. */
        public byte[] lease() {
            return bytes(tag + ":lease");
        }

        /**
         * Written, without expiry, before the shard's first event and checked by every apply: gone,
         * the shard's state is gone with it (a restart without persistence, a flush, a failover to
         * an empty server). See {@link JoinStateGuard}.
         */
        public byte[] sentinel() {
            return bytes(tag + ":sentinel");
        }

        /** The bytes of state the shard holds (events waiting and kept). */
        public byte[] size() {
            return bytes(tag + ":bytes");
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}

package io.sluice.dedup.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Redis keys of dedup. Pure.
 *
 * <p>A claim's key is a namespace followed by the first {@value #HASH_BYTES} bytes of the SHA-256
 * of the canonical key, raw (binary-safe, not hex). Hashing gives every key the same small size
 * whatever the events' key fields hold. 128 bits make a collision (two different keys taken for
 * one, dropping an event as a duplicate) a non-event: with n keys alive in one source's window the
 * odds are about n²/2¹²⁹, 1.5·10⁻²¹ for n = 10⁹; 64 bits would give 2.7% at the same n. Pipeline
 * and source ids are slugs without {@code ':'}, so the text part is unambiguous.
 *
 * <p><b>Two layouts of claims</b> ({@link ClaimLayout}). {@link ClaimLayout#KEYS}: a claim is a key of
 * its own, the namespace followed by its hash bytes ({@link #key}). {@link ClaimLayout#SLICES}:
 * <b>claims are packed into small hashes, one set per slice of the window</b>, because a Redis
 * key of its own costs a claim about 180 bytes (key entry, key string, value object, expiry entry,
 * table slots), and a field of a small hash about 30 (Redis keeps a hash of up to 128 short fields
 * as one listpack: the 16 hash bytes and the position as a 64-bit integer, a few bytes of framing).
 * <ul>
 * <li><b>Slices.</b> Time, by Redis's clock, is cut into slices of half the window
 * ({@link #sliceMillis}). A claim goes into the slice it was made in, and all of a slice's hashes
 * expire together, {@code window} after the slice ends. So a key is remembered at least the window
 * and at most one slice longer (1.5 windows), and a claim looks into every slice still alive: the
 * current one and the {@value #SLICES_PER_WINDOW} before it, more for a while after the window was
 * made shorter. The namespace's {@value #SLICE_INDEX} sorted set lists the live slices by expiry,
 * so the claims made under an earlier window are honoured until they expire, as a key's own
 * time-to-live did. Kafka Streams' window stores make the same trade (segments).</li>
 * <li><b>Levels.</b> A slice's claims are spread over 2^level hashes by the last 24 bits of their
 * hash, so that a hash keeps at most about {@value #CLAIMS_PER_HASH} fields whatever the rate. A
 * slice starts at the level at which its predecessor's claims would have filled each hash half to
 * full, and goes up {@value #LEVEL_STEP} levels at a time (16 times the hashes) when its hashes
 * reach {@value #CLAIMS_PER_HASH} claims on average. A slice that went up moves the claims of its
 * lower levels up, {@value #MOVES_PER_SCRIPT} hashes per claim script, so that a look-up reads
 * one level of it again soon (until then, each level it holds, highest first). A slice's levels,
 * count and progress of that move are in its meta hash.</li>
 * <li><b>Names.</b> A slice's meta hash is the namespace, {@value #SLICE_MARK}, the slice's start in
 * epoch milliseconds, {@code -} and its length; a claim hash is the meta's name, {@code :<level>:} and the
 * bucket, the first {@code level} bits of the claim hash's last 3 bytes, as {@code ceil(level / 8)} raw bytes. A
 * namespace's {@value #LAYOUT_MARKER} key holds when this layout was first written there: for one
 * window after it a claim also looks for the key of the layout before (one string key per claim,
 * {@code <namespace><16 hash bytes>}), so a pipeline that ran the older version keeps its claims
 * across the upgrade. The script derives these names from the namespace it is given, which shares
 * the namespace's hash tag (and so its slot) on a Redis Cluster.</li>
 * </ul>
 *
 * <p>On a single Redis ({@link #single}) the namespace is {@code <prefix>dedup:<pipeline>:<source>:}
 * and a lane's sentinel {@code <prefix>dedup-sentinel:<pipeline>:<source>:<lane>}, as ever since
 * these keys were first written: existing state stays valid.
 *
 * <p>On a Redis Cluster ({@link #cluster}) a script's keys must share one hash slot, yet one
 * pipeline's keys must spread over all masters. So a source's keys are split into
 * {@value #CLUSTER_BUCKETS} buckets by their hash, and the namespace of a bucket is the hash tag
 * {@code {<prefix>dedup:<pipeline>:<source>:<bucket>}}: a bucket lives in one slot, and buckets
 * spread over the slots. A key always falls into the same bucket, which is what keeps first-wins:
 * all claims of a key go to one master. Each bucket has its own sentinel per lane, in its slot,
 * {@code {…:<bucket>}sentinel-of-lane:<lane>}, checked by the bucket's claim scripts. The
 * sentinel's part after the tag is at least {@value #SENTINEL_SUFFIX_MIN} bytes and a claim's
 * exactly {@value #HASH_BYTES}, so no claim key is ever a sentinel's.
 *
 * <p>Why {@value #CLUSTER_BUCKETS} buckets: the buckets' slots fall on the masters at random, so
 * with 3 masters each gets 21 ± 4 of 64 buckets (±18%; with 6 masters 11 ± 3), while a batch of
 * 1,000 claims still runs about 16 claims per script (what makes scripts cheaper than single
 * commands is the per-request overhead they share out) and a guarded script pays its sentinel
 * {@code GET} once per about 16 claims. 256 buckets would balance to ±9% but cut scripts to about
 * 4 claims. The count is fixed: another count would move every key to another bucket and lose the
 * state.
 */
public final class RedisKeyLayout {

    static final int HASH_BYTES = 16;

    /** How many slices a window spans: a claim looks into this many slices before the current one. */
    static final int SLICES_PER_WINDOW = 2;

    /** Fields a claim hash holds on average at most; well under Redis's 128 for a listpack hash. */
    static final int CLAIMS_PER_HASH = 32;

    /** Bits of a claim's hash a level adds, and the most a slice uses (24: 16.7 million hashes). */
    static final int LEVEL_STEP = 4;

    static final int MAX_LEVEL = 24;

    /**
     * Hashes of a lower level a claim script moves up into its slice's highest level: a slice that
     * went up a level reads two levels only until about {@code 2^level / } this many scripts later.
     */
    static final int MOVES_PER_SCRIPT = 32;

    static final String SLICE_MARK = "w";

    static final String LAYOUT_MARKER = "layout";

    static final String SLICE_INDEX = "slices";

    static final int CLUSTER_BUCKETS = 64;

    private static final String CLUSTER_SENTINEL = "sentinel-of-lane:";

    static final int SENTINEL_SUFFIX_MIN = 18;

    private final String prefix;

    private final boolean cluster;

    private RedisKeyLayout(String prefix, boolean cluster) {
        this.prefix = (prefix != null) ? prefix : "";
        this.cluster = cluster;
        if (cluster && (this.prefix.indexOf('{') >= 0 || this.prefix.indexOf('}') >= 0)) {
            throw new IllegalArgumentException("on a Redis Cluster the dedup key prefix holds no '{' or '}' (they would"
                    + " change the keys' hash tag), not \"" + this.prefix + "\"");
        }
    }

    /** The keys on a single Redis. */
    public static RedisKeyLayout single(String prefix) {
        return new RedisKeyLayout(prefix, false);
    }

    /** The keys on a Redis Cluster. */
    public static RedisKeyLayout cluster(String prefix) {
        return new RedisKeyLayout(prefix, true);
    }

    public boolean isCluster() {
        return this.cluster;
    }

    /** How many buckets a source's keys are split into: 1 on a single Redis. */
    int buckets() {
        return this.cluster ? CLUSTER_BUCKETS : 1;
    }

    /** The length of a window's slices: half the window, rounded up. */
    static long sliceMillis(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("a dedup window is at least 1ms, not " + windowMillis + "ms");
        }
        return (windowMillis + SLICES_PER_WINDOW - 1) / SLICES_PER_WINDOW;
    }

    /** The bucket of a key, by its {@link #hash}. */
    int bucket(byte[] hash) {
        return this.cluster ? (hash[0] & 0xff) % CLUSTER_BUCKETS : 0;
    }

    /** The part shared by every claim key of a pipeline source's bucket. */
    byte[] namespace(String pipelineId, String sourceId, int bucket) {
        String name = this.prefix + "dedup:" + id("pipeline id", pipelineId) + ":" + id("source id", sourceId) + ":";
        return (this.cluster ? "{" + name + bucket(bucket) + "}" : name).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The key of a lane's sentinel for the claims of one bucket (see {@code state.StateGuard}). On a
     * single Redis outside the {@code dedup:} namespace, so no claim key can ever be a sentinel's.
     */
    byte[] sentinel(String pipelineId, String sourceId, String lane, int bucket) {
        if (this.cluster) {
            return (new String(namespace(pipelineId, sourceId, bucket), StandardCharsets.UTF_8) + CLUSTER_SENTINEL
                    + id("lane", lane)).getBytes(StandardCharsets.UTF_8);
        }
        return (this.prefix + "dedup-sentinel:" + id("pipeline id", pipelineId) + ":" + id("source id", sourceId) + ":"
                + id("lane", lane)).getBytes(StandardCharsets.UTF_8);
    }

    /** A lane's sentinels, one per bucket, in bucket order: they are written and read together. */
    public List<byte[]> sentinels(String pipelineId, String sourceId, String lane) {
        List<byte[]> sentinels = new ArrayList<>(buckets());
        for (int bucket = 0; bucket < buckets(); bucket++) {
            sentinels.add(sentinel(pipelineId, sourceId, lane, bucket));
        }
        return sentinels;
    }

    /**
     * A {@code SCAN} pattern matching every claim key of a source on a single Redis (glob
     * characters in the prefix escaped); on a cluster also the sentinels, which {@link #isClaimHash}
     * tells apart.
     */
    public byte[] claimPattern(String pipelineId, String sourceId) {
        String name = this.prefix + "dedup:" + id("pipeline id", pipelineId) + ":" + id("source id", sourceId) + ":";
        return glob(this.cluster ? "{" + name : name);
    }

    /** Whether a key {@link #claimPattern} matched is a hash of claims (not a slice's meta, index, marker or sentinel). */
    public static boolean isClaimHash(byte[] key) {
        // <namespace>w<start>-<length>:<level>:<bucket>, the bucket ceil(level / 8) raw bytes.
        for (int bucketBytes = 0; bucketBytes <= MAX_LEVEL / 8; bucketBytes++) {
            int i = key.length - bucketBytes - 1;
            if (i < 0 || key[i] != ':') {
                continue;
            }
            int level = 0;
            int digits = 0;
            int scale = 1;
            for (i--; i >= 0 && key[i] >= '0' && key[i] <= '9'; i--, digits++, scale *= 10) {
                level += (key[i] - '0') * scale;
            }
            if (digits == 0 || digits > 2 || level > MAX_LEVEL || (level + 7) / 8 != bucketBytes) {
                continue;
            }
            if (sliceNameEndsAt(key, i)) {
                return true;
            }
        }
        return false;
    }

    // Whether key[..at] ends with ":" preceded by w<digits>-<digits> (at is the ':' before the level).
    private static boolean sliceNameEndsAt(byte[] key, int at) {
        int i = at;
        if (i < 0 || key[i] != ':') {
            return false;
        }
        for (char separator : new char[] { '-', SLICE_MARK.charAt(0) }) {
            int digits = 0;
            for (i--; i >= 0 && key[i] >= '0' && key[i] <= '9'; i--) {
                digits++;
            }
            if (digits == 0 || i < 0 || key[i] != separator) {
                return false;
            }
        }
        return true;
    }

    /** Whether a key {@link #claimPattern} matched is a claim of the layout before the slices: the namespace and {@value #HASH_BYTES} bytes. */
    public boolean isLegacyClaimKey(String pipelineId, String sourceId, byte[] key) {
        return key.length == namespace(pipelineId, sourceId, 0).length + HASH_BYTES;
    }

    /** The SHA-256 of a canonical key; {@code sha256} is reset and used, one per thread. */
    static byte[] hash(MessageDigest sha256, byte[] canonicalKey) {
        sha256.reset();
        return sha256.digest(canonicalKey);
    }

    /** The Redis key: the namespace of the hash's bucket and the hash's first bytes. */
    static byte[] key(byte[] namespace, byte[] hash) {
        byte[] key = Arrays.copyOf(namespace, namespace.length + HASH_BYTES);
        System.arraycopy(hash, 0, key, namespace.length, HASH_BYTES);
        return key;
    }

    /** The Redis key of a canonical key, in a namespace taken as the key's. */
    static byte[] key(byte[] namespace, MessageDigest sha256, byte[] canonicalKey) {
        return key(namespace, hash(sha256, canonicalKey));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform provides SHA-256", ex);
        }
    }

    private static int bucket(int bucket) {
        if (bucket < 0 || bucket >= CLUSTER_BUCKETS) {
            throw new IllegalArgumentException("bucket " + bucket + " of " + CLUSTER_BUCKETS);
        }
        return bucket;
    }

    private String id(String what, String value) {
        if (value == null || value.isEmpty() || value.indexOf(':') >= 0
                || (this.cluster && (value.indexOf('{') >= 0 || value.indexOf('}') >= 0))) {
            throw new IllegalArgumentException("a " + what + " in a dedup key is non-empty without ':'"
                    + (this.cluster ? ", '{' or '}'" : "") + ", not \"" + value + "\"");
        }
        return value;
    }

    // Glob characters escaped, then *.
    private static byte[] glob(String namespace) {
        byte[] bytes = namespace.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream pattern = new ByteArrayOutputStream(bytes.length + 8);
        for (byte b : bytes) {
            if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
                pattern.write('\\');
            }
            pattern.write(b);
        }
        pattern.write('*');
        return pattern.toByteArray();
    }

}

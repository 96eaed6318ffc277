package io.sluice.dedup.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.worker.redis.RedisClients;

/**
 * {@link DedupStore} on Redis: one {@code SET key position NX GET PX window} per claim, run by a
 * Lua script that takes up to {@value #KEYS_PER_SCRIPT} claims; all of a batch's scripts are
 * written with a single flush and answered in one round trip.
 *
 * <p>{@code NX} stores only a first position; {@code GET} returns what was there, so one command
 * both claims and reads; {@code PX} is applied only when the value is stored, so duplicates do
 * not extend the window. The script runs its SETs in the order given and Redis runs one
 * connection's scripts in the order sent, which is what makes a later claim in a batch see an
 * earlier claim's position.
 *
 * <p>Why a script rather than 1,000 pipelined SETs: the same commands with the same per-key
 * semantics, measured faster on this 2-core machine, with about 45% less client CPU per key for a
 * few percent more Redis CPU (one request and one array reply to parse instead of 1,000 of each;
 * see DEDUP.md). {@code EVAL} with the script text, not {@code EVALSHA}: Redis caches the
 * compiled script by its hash either way, and {@code EVAL} cannot fail with {@code NOSCRIPT}
 * after a Redis restart. Scripts are capped at {@value #KEYS_PER_SCRIPT} keys so that one never
 * blocks Redis for long.
 *
 * <p>The store owns a dedicated connection with automatic flushing off; batches from several
 * threads share it, each queued and flushed under a lock held only while writing, so several
 * batches can be in flight at once. Thread-safe. While Redis is unreachable, claims fail
 * (commands are rejected while disconnected rather than buffered; a batch already sent fails
 * after the timeout), so the caller retries with backoff and the input stays in JetStream.
 *
 * <p>Guarded claims ({@link #claimFirstGuardedAsync}) run the same SETs after checking the lane's
 * sentinel in the same script, so a Redis that lost its keys refuses the claims atomically instead
 * of taking them as first sightings (see {@code io.sluice.dedup.state.StateGuard}).
 */
public final class RedisDedupStore implements DedupStore, AutoCloseable {

    static final int KEYS_PER_SCRIPT = 1000;

    // Returns, per key, the position stored before (false, read as nil, when the claim stored its own).
    static final byte[] CLAIM_SCRIPT = ("""
            local window = ARGV[#ARGV]
            local previous = {}
            for i, key in ipairs(KEYS) do
                previous[i] = redis.call('SET', key, ARGV[i], 'NX', 'GET', 'PX', window) or false
            end
            return previous
            """).getBytes(StandardCharsets.US_ASCII);

    static final String STATE_LOST = "SLUICE_STATE_LOST";

    // As CLAIM_SCRIPT, after checking the lane's sentinel (KEYS[1]) in the same atomic step: a
    // missing sentinel (Redis restarted without its data, flushed, evicted it, or failed over to
    // a replica without it) or one marking the lane as lost refuses the whole call, so no claim
    // goes to a Redis that forgot the lane's earlier ones. Costs one GET per 1,000 claims.
    static final byte[] GUARDED_CLAIM_SCRIPT = ("""
            local sentinel = redis.call('GET', KEYS[1])
            if not sentinel or string.sub(sentinel, 1, 6) ~= 'epoch ' then
                return redis.error_reply('%s ' .. (sentinel or ''))
            end
            local window = ARGV[#ARGV]
            local previous = {}
            for i = 2, #KEYS do
                previous[i - 1] = redis.call('SET', KEYS[i], ARGV[i - 1], 'NX', 'GET', 'PX', window) or false
            end
            return previous
            """.formatted(STATE_LOST)).getBytes(StandardCharsets.US_ASCII);

    private final RedisClient client;

    private final StatefulRedisConnection<byte[], byte[]> connection;

    private final RedisAsyncCommands<byte[], byte[]> commands;

    private final RedisKeyLayout layout;

    private final Duration timeout;

    private final ReentrantLock writing = new ReentrantLock();

    private volatile ReplicaAcks replicaAcks = ReplicaAcks.NONE;

    private RedisDedupStore(RedisClient client, String keyPrefix, Duration timeout) {
        this.client = client;
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.connection.setAutoFlushCommands(false);
        this.commands = this.connection.async();
        this.layout = new RedisKeyLayout(keyPrefix);
        this.timeout = timeout;
    }

    /**
     * A store on the Redis at {@code uri}, with its own client and connection.
     * @param keyPrefix put in front of every key (e.g. {@code sluice:}); may be empty
     * @param timeout how long a batch's claims may take before the batch fails
     */
    public static RedisDedupStore connect(RedisURI uri, String keyPrefix, Duration timeout) {
        return new RedisDedupStore(RedisClients.create(uri, timeout), keyPrefix, timeout);
    }

    /** As {@link #connect(RedisURI, String, Duration)}, on the caller's client resources (not shut down by {@link #close()}). */
    static RedisDedupStore connect(RedisURI uri, ClientResources resources, String keyPrefix, Duration timeout) {
        return new RedisDedupStore(RedisClients.create(resources, uri, timeout), keyPrefix, timeout);
    }

    /** From now on, answers a batch's claims only once {@code acks} replicas hold them; see {@link ReplicaAcks}. */
    public RedisDedupStore withReplicaAcks(ReplicaAcks acks) {
        this.replicaAcks = Objects.requireNonNull(acks, "acks");
        return this;
    }

    @Override
    public CompletableFuture<List<PartitionOffset>> claimFirstAsync(String pipelineId, String sourceId, List<Claim> claims,
            Duration window) {
        return claim(pipelineId, sourceId, null, claims, window);
    }

    @Override
    public CompletableFuture<List<PartitionOffset>> claimFirstGuardedAsync(String pipelineId, String sourceId, String lane,
            List<Claim> claims, Duration window) {
        return claim(pipelineId, sourceId, lane, claims, window);
    }

    /** The key of a lane's sentinel under {@code keyPrefix}; see {@link #claimFirstGuardedAsync}. */
    public static byte[] sentinelKey(String keyPrefix, String pipelineId, String sourceId, String lane) {
        return new RedisKeyLayout(keyPrefix).sentinel(pipelineId, sourceId, lane);
    }

    /** The bytes every claim key of a pipeline source starts with (followed by 16 hash bytes). */
    public static byte[] claimNamespace(String keyPrefix, String pipelineId, String sourceId) {
        return new RedisKeyLayout(keyPrefix).namespace(pipelineId, sourceId);
    }

    /** The position a claim key's value holds. */
    public static PartitionOffset storedPosition(byte[] value) {
        return StoredPosition.decode(value);
    }

    private CompletableFuture<List<PartitionOffset>> claim(String pipelineId, String sourceId, String lane,
            List<Claim> claims, Duration window) {
        long windowMillis = window.toMillis();
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("a dedup window is at least 1ms, not " + window);
        }
        if (claims.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        byte[] namespace = this.layout.namespace(pipelineId, sourceId);
        MessageDigest sha256 = RedisKeyLayout.sha256();
        byte[][] keys = new byte[claims.size()][];
        byte[][] values = new byte[claims.size()][];
        for (int i = 0; i < keys.length; i++) {
            Claim claim = claims.get(i);
            keys[i] = RedisKeyLayout.key(namespace, sha256, claim.canonicalKey());
            values[i] = StoredPosition.encode(claim.position());
        }
        byte[] windowArgument = Long.toString(windowMillis).getBytes(StandardCharsets.US_ASCII);
        byte[] sentinel = (lane != null) ? this.layout.sentinel(pipelineId, sourceId, lane) : null;
        List<CompletableFuture<List<Object>>> replies = new ArrayList<>(keys.length / KEYS_PER_SCRIPT + 1);
        ReplicaAcks acks = this.replicaAcks;
        CompletableFuture<Long> acknowledged;
        // The lock keeps another batch's commands from being flushed half-written with ours, and
        // makes batches sent one after the other reach Redis (and complete) in that order.
        this.writing.lock();
        try {
            for (int from = 0; from < keys.length; from += KEYS_PER_SCRIPT) {
                int to = Math.min(keys.length, from + KEYS_PER_SCRIPT);
                byte[][] arguments = Arrays.copyOfRange(values, from, to + 1);
                arguments[to - from] = windowArgument;
                RedisFuture<List<Object>> reply = (sentinel == null)
                        ? this.commands.eval(CLAIM_SCRIPT, ScriptOutputType.MULTI, Arrays.copyOfRange(keys, from, to), arguments)
                        : this.commands.eval(GUARDED_CLAIM_SCRIPT, ScriptOutputType.MULTI, guarded(sentinel, keys, from, to),
                                arguments);
                replies.add(reply.toCompletableFuture());
            }
            // Sent behind the scripts on the same connection: it returns once the replicas
            // acknowledged everything written before it, or when its timeout ends.
            acknowledged = acks.required()
                    ? this.commands.waitForReplication(acks.replicas(), acks.timeout().toMillis()).toCompletableFuture()
                    : CompletableFuture.completedFuture(0L);
            this.commands.flushCommands();
        }
        finally {
            this.writing.unlock();
        }
        int claimCount = keys.length;
        List<CompletableFuture<?>> all = new ArrayList<>(replies);
        all.add(acknowledged);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
            .orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
            .handle((ignored, failure) -> {
                if (failure != null) {
                    throw storeFailure(failure, claimCount, lane);
                }
                long replicas = acknowledged.join();
                if (replicas < acks.replicas()) {
                    throw new DedupStoreException("Redis acknowledged the claims of " + claimCount + " records on "
                            + replicas + " of the " + acks.replicas() + " replicas required within "
                            + acks.timeout().toMillis() + "ms (SLUICE_DEDUP_WAITREPLICAS); the batch is retried and"
                            + " its output not published until they hold its claims", null);
                }
                return previousPositions(replies, claimCount);
            });
    }

    private static List<PartitionOffset> previousPositions(List<CompletableFuture<List<Object>>> replies, int claims) {
        List<PartitionOffset> previous = new ArrayList<>(claims);
        for (CompletableFuture<List<Object>> reply : replies) {
            for (Object value : reply.join()) {
                previous.add((value != null) ? StoredPosition.decode((byte[]) value) : null);
            }
        }
        if (previous.size() != claims) {
            throw new DedupStoreException("Redis answered " + previous.size() + " of " + claims + " claims", null);
        }
        return previous;
    }

    private static byte[][] guarded(byte[] sentinel, byte[][] keys, int from, int to) {
        byte[][] guarded = new byte[to - from + 1][];
        guarded[0] = sentinel;
        System.arraycopy(keys, from, guarded, 1, to - from);
        return guarded;
    }

    private DedupStoreException storeFailure(Throwable failure, int claims, String lane) {
        Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
        String message = cause.getMessage();
        int marker = (lane != null && message != null) ? message.indexOf(STATE_LOST) : -1;
        if (marker >= 0) {
            String sentinel = message.substring(marker + STATE_LOST.length()).trim();
            return new StateLostException(lane, sentinel.isEmpty() ? null : sentinel);
        }
        if (cause instanceof TimeoutException) {
            return new DedupStoreException("Redis did not answer the claims of " + claims + " records within "
                    + this.timeout.toMillis() + "ms", cause);
        }
        return new DedupStoreException("Redis refused the claims of " + claims + " records: " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        this.connection.close();
        this.client.shutdown();
    }

}

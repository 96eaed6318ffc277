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

import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.worker.redis.RedisClients;

/**
 * {@link DedupStore} on Redis: a Lua script per up to {@value #KEYS_PER_SCRIPT} claims claims each
 * key in the store's {@link ClaimLayout}: one {@code SET key position NX GET PX window} per claim
 * ({@link ClaimLayout#KEYS}), or a look-up in the window's slices and, if no claim holds the key,
 * a field in the current slice's small hash ({@link ClaimLayout#SLICES}; {@link RedisKeyLayout}).
 * All of a batch's scripts are written with a single flush and answered in one round trip.
 *
 * <p>Only a first position is stored; a later claim gets it back, so one call both claims and
 * reads. The expiry is set only when a claim is stored (a key's {@code PX}, a slice's hashes
 * expiring as a whole), so duplicates do not extend the window. The script
 * claims its keys in the order given and Redis runs one connection's scripts in the order sent,
 * which is what makes a later claim in a batch see an earlier claim's position.
 *
 * <p>Why a script rather than pipelined commands: one request and one reply to parse per 1,000
 * claims instead of 1,000 of each, about 45% less client CPU per key (measured when each claim was
 * one {@code SET NX GET PX}; see docs/dedup.md), and the look-up across slices and its write are
 * one atomic step. The claims go as one packed argument and come back as one packed string
 * ({@link PackedClaims}), not as an argument and an array element each: a third of the client's
 * CPU per claim again. {@code EVAL} with the script text, not {@code EVALSHA}: Redis caches
 * the compiled script by its hash either way, and {@code EVAL} cannot fail with {@code NOSCRIPT}
 * after a Redis restart. Scripts are capped at {@value #KEYS_PER_SCRIPT} keys so that one never
 * blocks Redis for long.
 *
 * <p>The store owns a dedicated connection with automatic flushing off; batches from several
 * threads share it, each queued and flushed under a lock held only while writing, so several
 * batches can be in flight at once. Thread-safe. While Redis is unreachable, claims fail
 * (commands are rejected while disconnected rather than buffered; a batch already sent fails
 * after the timeout), so the caller retries with backoff and the input stays in JetStream.
 *
 * <p>Guarded claims ({@link #claimFirstGuardedAsync}) run the same claims after checking the lane's
 * sentinel in the same script, so a Redis that lost its keys refuses the claims atomically instead
 * of taking them as first sightings (see {@code io.sluice.dedup.state.StateGuard}).
 *
 * <p>On a Redis Cluster ({@link #connectCluster}) a script's keys must share a slot: a batch's
 * claims are grouped by the bucket of their key ({@link RedisKeyLayout}, {@link ClaimScripts}), each
 * bucket's scripts go to the master serving the bucket's slot in the batch's order, and each master
 * that took part gets the batch's {@code WAIT} and one flush. A key's claims all go to one master
 * down one connection, in order, so first-wins holds as on a single Redis; and a batch's future
 * completes only after the previous batch's, as there.
 */
public final class RedisDedupStore implements DedupStore, AutoCloseable {

    static final int KEYS_PER_SCRIPT = 1000;

    static final String STATE_LOST = "SLUICE_STATE_LOST";

    // The claims and their answers as PackedClaims packs them: ARGV's last argument holds every
    // claim, `claimed()` walks it in order, and `answer(found)` adds each claim's answer (the
    // position stored before, or false when the claim stored its own) to `answers`, which the
    // script returns as one string.
    private static final String PACKED_CLAIMS = """
            local call, sub, byte, char = redis.call, string.sub, string.byte, string.char
            local claims, answers, answered = ARGV[#ARGV], {}, 0
            local function claimed()
                local at = 1
                return function()
                    if at > #claims then
                        return nil
                    end
                    local length = byte(claims, at + 16)
                    local hash, position = sub(claims, at, at + 15), sub(claims, at + 17, at + 16 + length)
                    at = at + 17 + length
                    return hash, position
                end
            end
            local function answer(found)
                answered = answered + 1
                if found then
                    -- A position is 1 to 30 bytes. Any other value is none, and decoding it says so
                    -- (an empty one must not read as "no earlier claim").
                    found = sub(found, 1, %d)
                    if found == '' then
                        found = ' '
                    end
                    answers[answered] = char(#found) .. found
                else
                    answers[answered] = char(0)
                end
            end
            """.formatted(PackedClaims.MAX_POSITION_BYTES);

    // One SET NX GET PX per claim, its key the namespace (KEYS[#KEYS]) and the claim's hash bytes,
    // as RedisKeyLayout.key names it. ARGV: the window in milliseconds, then the packed claims.
    private static final String KEY_CLAIMS = """
            local ns, window = KEYS[#KEYS], ARGV[1]
            for hash, position in claimed() do
                answer(call('SET', ns .. hash, position, 'NX', 'GET', 'PX', window))
            end
            return table.concat(answers)
            """;

    static final byte[] KEY_CLAIM_SCRIPT = (PACKED_CLAIMS + KEY_CLAIMS).getBytes(StandardCharsets.US_ASCII);

    // Put in front of a claim script by the guarded claims: checks the lane's sentinel (KEYS[1]) in
    // the same atomic step. A missing sentinel (Redis restarted without its data, flushed, evicted
    // it, or failed over to a replica without it) or one marking the lane as lost refuses the whole
    // call, so no claim goes to a Redis that forgot the lane's earlier ones. Costs one GET per 1,000
    // claims.
    private static final String SENTINEL_CHECK = """
            local sentinel = redis.call('GET', KEYS[1])
            if not sentinel or string.sub(sentinel, 1, 6) ~= 'epoch ' then
                return redis.error_reply('%s ' .. (sentinel or ''))
            end
            """.formatted(STATE_LOST);

    // As KEY_CLAIM_SCRIPT, after the sentinel check (the namespace is then KEYS[2], still KEYS[#KEYS]).
    static final byte[] GUARDED_KEY_CLAIM_SCRIPT = (SENTINEL_CHECK + PACKED_CLAIMS + KEY_CLAIMS)
        .getBytes(StandardCharsets.US_ASCII);

    // Claims its keys in the window slices of one namespace (KEYS[#KEYS]; RedisKeyLayout says how
    // they are named and why) and answers, per key, the position stored before, or false when the
    // claim stored its own. ARGV: the window and the slice length in milliseconds, then the packed
    // claims (PACKED_CLAIMS, in front of this). The namespace's index lists its live slices by expiry,
    // whatever window they were made with, so a changed window keeps the claims made before it.
    // Time is Redis's clock (TIME), which every replica of the service shares; scripts are
    // replicated as their effects, so the clock read is replayed as the writes it led to.
    // A slice's meta: its lowest and highest level (from, to), its claims (n), and how many hashes
    // of level `from` were moved up to `to` already (moved).
    private static final String CLAIMS = """
            local floor = math.floor
            local ns = KEYS[#KEYS]
            local window = tonumber(ARGV[1])
            local slice = tonumber(ARGV[2])
            local clock = call('TIME')
            local now = tonumber(clock[1]) * 1000 + floor(tonumber(clock[2]) / 1000)
            local marker = ns .. '%1$s'
            local since = tonumber(call('GET', marker))
            if not since then
                since = now
                call('SET', marker, string.format('%%d', now))
            end
            local legacy = now < since + window
            local start = floor(now / slice) * slice
            local index = ns .. '%2$s'
            call('ZREMRANGEBYSCORE', index, '-inf', string.format('%%d', now))
            local open = {meta = ns .. '%3$s' .. string.format('%%d', start) .. '-' .. string.format('%%d', slice), n = 0,
                from = 0, to = 0, moved = 0, expiry = start + slice + window}
            local slices = {open}
            local latest = nil
            local live = call('ZREVRANGE', index, 0, -1, 'WITHSCORES')
            for i = 1, #live, 2 do
                local m = call('HMGET', live[i], 'from', 'to', 'n', 'moved')
                local sl = {meta = live[i], expiry = tonumber(live[i + 1]), from = tonumber(m[1]) or 0, to = tonumber(m[2]) or 0,
                    n = tonumber(m[3]) or 0, moved = tonumber(m[4]) or 0}
                if sl.meta == open.meta then
                    open.from, open.to, open.n, open.moved, open.known = sl.from, sl.to, sl.n, sl.moved, true
                else
                    slices[#slices + 1] = sl
                    latest = latest or sl
                end
            end
            if not open.known and latest then
                -- Sized from the slice before: its claims would fill 2^level hashes to half to all of %5$d each.
                while open.to < %4$d and latest.n >= %5$d * 2 ^ open.to do
                    open.to = open.to + 1
                end
                open.from = open.to
            end
            -- A claim's bucket at a level: the first `level` bits of its hash's last 3 bytes, as bytes.
            local function bucket(hash, level)
                if level == 0 then
                    return ''
                end
                local a, b, c = byte(hash, 14, 16)
                if level <= 8 then
                    return char(a - a %% 2 ^ (8 - level))
                elseif level <= 16 then
                    return char(a, b - b %% 2 ^ (16 - level))
                end
                return char(a, b, c - c %% 2 ^ (24 - level))
            end
            -- The bucket numbered i at a level, as bucket() writes it.
            local function numbered(i, level)
                if level == 0 then
                    return ''
                end
                local v = i * 2 ^ (24 - level)
                local a, b, c = floor(v / 65536), floor(v / 256) %% 256, v %% 256
                if level <= 8 then
                    return char(a)
                elseif level <= 16 then
                    return char(a, b)
                end
                return char(a, b, c)
            end
            local function prefix(sl, level)
                sl.prefixes = sl.prefixes or {}
                local p = sl.prefixes[level]
                if not p then
                    p = sl.meta .. ':' .. level .. ':'
                    sl.prefixes[level] = p
                end
                return p
            end
            local function store(sl, hash, position)
                local data = prefix(sl, sl.to) .. bucket(hash, sl.to)
                call('HSET', data, hash, position)
                if call('HLEN', data) == 1 then
                    call('PEXPIREAT', data, string.format('%%d', sl.expiry))
                end
            end
            -- A slice that went up a level moves its lower levels' claims up, a few hashes per script,
            -- so that a look-up soon reads one level of it again.
            local budget = %7$d
            for s = 1, #slices do
                local sl = slices[s]
                while budget > 0 and sl.from < sl.to do
                    local lower = prefix(sl, sl.from) .. numbered(sl.moved, sl.from)
                    local fields = call('HGETALL', lower)
                    for k = 1, #fields, 2 do
                        store(sl, fields[k], fields[k + 1])
                    end
                    if #fields > 0 then
                        call('DEL', lower)
                    end
                    budget = budget - 1
                    sl.moved = sl.moved + 1
                    if sl.moved >= 2 ^ sl.from then
                        sl.from = sl.from + %6$d
                        sl.moved = 0
                    end
                    sl.changed = true
                end
            end
            for hash, position in claimed() do
                local found = false
                -- Slices mostly share a level: a claim's bucket is computed once per level.
                local level_of, bucket_of = -1, nil
                for s = 1, #slices do
                    local sl = slices[s]
                    for level = sl.to, sl.from, -%6$d do
                        if level ~= level_of then
                            level_of, bucket_of = level, bucket(hash, level)
                        end
                        found = call('HGET', prefix(sl, level) .. bucket_of, hash)
                        if found then
                            break
                        end
                    end
                    if found then
                        break
                    end
                end
                if not found and legacy then
                    found = call('GET', ns .. hash)
                end
                if not found then
                    store(open, hash, position)
                    open.n = open.n + 1
                    open.changed = true
                    if open.to < %4$d and open.n >= %5$d * 2 ^ open.to then
                        open.to = open.to + %6$d
                    end
                end
                answer(found)
            end
            for s = 1, #slices do
                local sl = slices[s]
                if sl.changed then
                    call('HSET', sl.meta, 'from', sl.from, 'to', sl.to, 'n', sl.n, 'moved', sl.moved)
                end
            end
            if open.changed and not open.known then
                call('PEXPIREAT', open.meta, string.format('%%d', open.expiry))
                call('ZADD', index, string.format('%%d', open.expiry), open.meta)
            end
            return table.concat(answers)
            """.formatted(RedisKeyLayout.LAYOUT_MARKER, RedisKeyLayout.SLICE_INDEX, RedisKeyLayout.SLICE_MARK,
            RedisKeyLayout.MAX_LEVEL, RedisKeyLayout.CLAIMS_PER_HASH, RedisKeyLayout.LEVEL_STEP,
            RedisKeyLayout.MOVES_PER_SCRIPT);

    static final byte[] SLICE_CLAIM_SCRIPT = (PACKED_CLAIMS + CLAIMS).getBytes(StandardCharsets.US_ASCII);

    // As SLICE_CLAIM_SCRIPT, after the sentinel check (the namespace is then KEYS[2], still KEYS[#KEYS]).
    static final byte[] GUARDED_SLICE_CLAIM_SCRIPT = (SENTINEL_CHECK + PACKED_CLAIMS + CLAIMS)
        .getBytes(StandardCharsets.US_ASCII);

    private final ClaimConnections connections;

    private final RedisKeyLayout layout;

    private final Duration timeout;

    private final ReentrantLock writing = new ReentrantLock();

    private volatile ReplicaAcks replicaAcks = ReplicaAcks.NONE;

    private volatile ClaimLayout claimLayout = ClaimLayout.KEYS;

    // The previous batch's answer, done or failed; guarded by writing.
    private CompletableFuture<?> previousBatch = CompletableFuture.completedFuture(null);

    private RedisDedupStore(ClaimConnections connections, RedisKeyLayout layout, Duration timeout) {
        this.connections = connections;
        this.layout = layout;
        this.timeout = timeout;
    }

    /**
     * A store on the Redis at {@code uri}, with its own client and connection.
     * @param keyPrefix put in front of every key (e.g. {@code sluice:}); may be empty
     * @param timeout how long a batch's claims may take before the batch fails
     */
    public static RedisDedupStore connect(RedisURI uri, String keyPrefix, Duration timeout) {
        return new RedisDedupStore(new SingleRedisConnection(RedisClients.create(uri, timeout)),
                RedisKeyLayout.single(keyPrefix), timeout);
    }

    /** As {@link #connect(RedisURI, String, Duration)}, on the caller's client resources (not shut down by {@link #close()}). */
    static RedisDedupStore connect(RedisURI uri, ClientResources resources, String keyPrefix, Duration timeout) {
        return new RedisDedupStore(new SingleRedisConnection(RedisClients.create(resources, uri, timeout)),
                RedisKeyLayout.single(keyPrefix), timeout);
    }

    /**
     * A store on the Redis Cluster that {@code seeds} (any of its nodes) belong to, with its own
     * client, in the cluster's key layout ({@link RedisKeyLayout#cluster}).
     */
    public static RedisDedupStore connectCluster(List<RedisURI> seeds, String keyPrefix, Duration timeout) {
        RedisKeyLayout layout = RedisKeyLayout.cluster(keyPrefix);
        return new RedisDedupStore(new ClusterMasterConnections(RedisClients.createCluster(seeds, timeout)), layout, timeout);
    }

    /** As {@link #connectCluster(List, String, Duration)}, on the caller's client resources (not shut down by {@link #close()}). */
    static RedisDedupStore connectCluster(List<RedisURI> seeds, ClientResources resources, String keyPrefix, Duration timeout) {
        RedisKeyLayout layout = RedisKeyLayout.cluster(keyPrefix);
        return new RedisDedupStore(new ClusterMasterConnections(RedisClients.createCluster(resources, seeds, timeout)),
                layout, timeout);
    }

    /** From now on, answers a batch's claims only once {@code acks} replicas hold them; see {@link ReplicaAcks}. */
    public RedisDedupStore withReplicaAcks(ReplicaAcks acks) {
        this.replicaAcks = Objects.requireNonNull(acks, "acks");
        return this;
    }

    /** From now on, keeps claims in {@code layout} ({@link ClaimLayout#KEYS} until then). */
    public RedisDedupStore withClaimLayout(ClaimLayout layout) {
        this.claimLayout = Objects.requireNonNull(layout, "layout");
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

    /** The key of a lane's sentinel under {@code keyPrefix} on a single Redis; see {@link #claimFirstGuardedAsync}. */
    public static byte[] sentinelKey(String keyPrefix, String pipelineId, String sourceId, String lane) {
        return RedisKeyLayout.single(keyPrefix).sentinel(pipelineId, sourceId, lane, 0);
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
        MessageDigest sha256 = RedisKeyLayout.sha256();
        // Whole digests: a claim's hash is the first HASH_BYTES of its digest, which is all
        // PackedClaims sends and all the bucket reads.
        byte[][] hashes = new byte[claims.size()][];
        byte[][] values = new byte[claims.size()][];
        int[] buckets = new int[claims.size()];
        for (int i = 0; i < hashes.length; i++) {
            Claim claim = claims.get(i);
            hashes[i] = RedisKeyLayout.hash(sha256, claim.canonicalKey());
            values[i] = StoredPosition.encode(claim.position());
            buckets[i] = this.layout.bucket(hashes[i]);
        }
        List<ClaimScripts.Script> scripts = ClaimScripts.plan(buckets, this.layout.buckets(), KEYS_PER_SCRIPT);
        boolean slices = (this.claimLayout == ClaimLayout.SLICES);
        byte[][] times = slices
                ? new byte[][] { decimal(windowMillis), decimal(RedisKeyLayout.sliceMillis(windowMillis)) }
                : new byte[][] { decimal(windowMillis) };
        List<CompletableFuture<byte[]>> replies = new ArrayList<>(scripts.size());
        List<StatefulRedisConnection<byte[], byte[]>> nodes = new ArrayList<>(2);
        List<CompletableFuture<Long>> acknowledged = new ArrayList<>(2);
        ReplicaAcks acks = this.replicaAcks;
        CompletableFuture<?> previous;
        CompletableFuture<List<PartitionOffset>> answer;
        // The lock keeps another batch's commands from being flushed half-written with ours, and
        // makes batches sent one after the other reach Redis (and complete) in that order.
        this.writing.lock();
        try {
            try {
                for (ClaimScripts.Script script : scripts) {
                    byte[] sentinel = (lane != null) ? this.layout.sentinel(pipelineId, sourceId, lane, script.bucket()) : null;
                    byte[] namespace = this.layout.namespace(pipelineId, sourceId, script.bucket());
                    // KEYS: [the lane's sentinel,] the namespace. ARGV: the times, then the packed claims.
                    byte[][] scriptKeys = (sentinel != null) ? new byte[][] { sentinel, namespace } : new byte[][] { namespace };
                    byte[][] arguments = Arrays.copyOf(times, times.length + 1);
                    arguments[times.length] = PackedClaims.pack(hashes, values, script.claims());
                    byte[] body = slices ? ((sentinel == null) ? SLICE_CLAIM_SCRIPT : GUARDED_SLICE_CLAIM_SCRIPT)
                            : ((sentinel == null) ? KEY_CLAIM_SCRIPT : GUARDED_KEY_CLAIM_SCRIPT);
                    CompletableFuture<byte[]> reply;
                    try {
                        StatefulRedisConnection<byte[], byte[]> node = this.connections.holding(scriptKeys[0]);
                        if (!containsSame(nodes, node)) {
                            nodes.add(node);
                        }
                        reply = node.async()
                            .<byte[]>eval(body, ScriptOutputType.VALUE, scriptKeys, arguments)
                            .toCompletableFuture();
                    }
                    catch (RuntimeException unroutable) {
                        reply = CompletableFuture.<byte[]>failedFuture(unroutable);
                    }
                    replies.add(reply);
                }
                // Sent behind the scripts on each node's connection: it returns once the node's
                // replicas acknowledged everything written before it, or when its timeout ends.
                for (StatefulRedisConnection<byte[], byte[]> node : nodes) {
                    acknowledged.add(acks.required()
                            ? node.async().waitForReplication(acks.replicas(), acks.timeout().toMillis()).toCompletableFuture()
                            : CompletableFuture.completedFuture((long) acks.replicas()));
                }
            }
            finally {
                nodes.forEach(StatefulRedisConnection::flushCommands);
            }
            List<CompletableFuture<?>> all = new ArrayList<>(replies);
            all.addAll(acknowledged);
            int claimCount = hashes.length;
            answer = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, failure) -> {
                    if (failure != null) {
                        throw storeFailure(failure, claimCount, lane);
                    }
                    long replicas = acknowledged.stream().mapToLong(CompletableFuture::join).min().orElse(acks.replicas());
                    if (replicas < acks.replicas()) {
                        throw new DedupStoreException("Redis acknowledged the claims of " + claimCount + " records on "
                                + replicas + " of the " + acks.replicas() + " replicas required within "
                                + acks.timeout().toMillis() + "ms (SLUICE_DEDUP_WAITREPLICAS); the batch is retried and"
                                + " its output not published until they hold its claims", null);
                    }
                    return previousPositions(scripts, replies, claimCount);
                });
            previous = this.previousBatch;
            this.previousBatch = answer;
        }
        finally {
            this.writing.unlock();
        }
        // On a cluster a batch's masters may answer before those of the batch sent before it;
        // callers rely on answers in the order sent, as one connection gives them.
        return previous.handle((ignored, failure) -> null).thenCompose(ignored -> answer);
    }

    private static List<PartitionOffset> previousPositions(List<ClaimScripts.Script> scripts,
            List<CompletableFuture<byte[]>> replies, int claims) {
        PartitionOffset[] previous = new PartitionOffset[claims];
        int answered = 0;
        for (int s = 0; s < scripts.size(); s++) {
            int[] members = scripts.get(s).claims();
            byte[][] earlier = PackedClaims.unpack(replies.get(s).join(), members.length);
            for (int j = 0; j < members.length; j++) {
                previous[members[j]] = (earlier[j] != null) ? StoredPosition.decode(earlier[j]) : null;
            }
            answered += members.length;
        }
        if (answered != claims) {
            throw new DedupStoreException("Redis answered " + answered + " of " + claims + " claims", null);
        }
        return Arrays.asList(previous);
    }

    private static byte[] decimal(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean containsSame(List<StatefulRedisConnection<byte[], byte[]>> nodes,
            StatefulRedisConnection<byte[], byte[]> node) {
        for (StatefulRedisConnection<byte[], byte[]> known : nodes) {
            if (known == node) {
                return true;
            }
        }
        return false;
    }

    private DedupStoreException storeFailure(Throwable failure, int claims, String lane) {
        Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
        String message = cause.getMessage();
        int marker = (lane != null && message != null) ? message.indexOf(STATE_LOST) : -1;
        if (marker >= 0) {
            String sentinel = message.substring(marker + STATE_LOST.length()).trim();
            return new StateLostException(lane, sentinel.isEmpty() ? null : sentinel);
        }
        if (message != null && (message.startsWith("MOVED") || message.startsWith("ASK"))) {
            this.connections.topologyChanged();
        }
        if (cause instanceof TimeoutException) {
            return new DedupStoreException("Redis did not answer the claims of " + claims + " records within "
                    + this.timeout.toMillis() + "ms", cause);
        }
        return new DedupStoreException("Redis refused the claims of " + claims + " records: " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        this.connections.close();
    }

}

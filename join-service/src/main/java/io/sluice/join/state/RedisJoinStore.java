package io.sluice.join.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.Limit;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * The join state of one pipeline on Redis: every change is one Lua script on one shard, so it is
 * atomic, and every fate it decides goes to the shard's outbox in the same step (docs/join.md).
 *
 * <p>Each apply script first compares the event's offset with the highest its lane has applied
 * on the shard, and does nothing for one at or below it: a batch handled again after a crash or a
 * redelivery changes nothing twice, however long after. Lanes are applied in offset order (one
 * replica serves a lane at a time, and one connection keeps the order of its scripts), so the
 * comparison is exact.
 *
 * <p>Time is Redis's ({@code TIME}), one clock for every replica. Windows are enforced when
 * events meet (a right event kept longer than its window matches nothing; a left event past its
 * window is not released) and by {@link #expire}, which moves left events whose window ended to
 * the outbox as unmatched and drops right events whose window ended. Nothing relies on key
 * expiry: a waiting left event's payload must stay until its fate is written, or a {@code left}
 * join could not write its row.
 *
 * <p>Thread-safe: Lettuce multiplexes one connection.
 */
public final class RedisJoinStore implements AutoCloseable {

    static final String SKIPPED = "applied-before";

    // KEYS: lane, right, left hash, due, outbox, size. ARGV: offset, position, event, left window
    // ms, right window ms, max waiting, max bytes, key hash.
    static final byte[] LEFT = """
            local applied = redis.call('GET', KEYS[1])
            if applied and tonumber(applied) >= tonumber(ARGV[1]) then return {'applied-before'} end
            redis.call('SET', KEYS[1], ARGV[1])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local right = redis.call('GET', KEYS[2])
            if right then
                local first = string.find(right, '|', 1, true)
                local second = string.find(right, '|', first + 1, true)
                if tonumber(string.sub(right, 1, first - 1)) + tonumber(ARGV[5]) >= now then
                    redis.call('XADD', KEYS[5], '*', 'fate', 'joined', 'position', ARGV[2], 'left', ARGV[3],
                        'right', string.sub(right, second + 1))
                    return {'joined'}
                end
            end
            if redis.call('HLEN', KEYS[3]) >= tonumber(ARGV[6]) then
                redis.call('XADD', KEYS[5], '*', 'fate', 'overflow', 'position', ARGV[2], 'left', ARGV[3],
                    'reason', 'join buffer of its key is full: ' .. ARGV[6] .. ' left events wait for a partner already')
                return {'overflow'}
            end
            local size = string.len(ARGV[3]) + string.len(ARGV[2])
            local bytes = tonumber(redis.call('GET', KEYS[6]) or '0')
            if bytes + size > tonumber(ARGV[7]) then
                redis.call('XADD', KEYS[5], '*', 'fate', 'overflow', 'position', ARGV[2], 'left', ARGV[3],
                    'reason', 'join state is full: ' .. bytes .. ' of ' .. ARGV[7] .. ' bytes in its shard')
                return {'overflow'}
            end
            redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
            redis.call('ZADD', KEYS[4], now + tonumber(ARGV[4]), ARGV[8] .. '|' .. ARGV[2])
            redis.call('INCRBY', KEYS[6], size)
            return {'waiting'}
            """.getBytes(StandardCharsets.UTF_8);

    // KEYS: lane, right, left hash, due, outbox, size, rights due. ARGV: offset, position, event,
    // right window ms, max bytes, key hash.
    static final byte[] RIGHT = """
            local applied = redis.call('GET', KEYS[1])
            if applied and tonumber(applied) >= tonumber(ARGV[1]) then return {'applied-before'} end
            redis.call('SET', KEYS[1], ARGV[1])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local bytes = tonumber(redis.call('GET', KEYS[6]) or '0')
            local old = redis.call('GET', KEYS[2])
            local value = now .. '|' .. ARGV[2] .. '|' .. ARGV[3]
            local delta = string.len(value) - (old and string.len(old) or 0)
            if delta > 0 and bytes + delta > tonumber(ARGV[5]) then
                redis.call('XADD', KEYS[5], '*', 'fate', 'overflow', 'position', ARGV[2], 'right', ARGV[3],
                    'reason', 'join state is full: ' .. bytes .. ' of ' .. ARGV[5] .. ' bytes in its shard')
                return {'overflow'}
            end
            redis.call('SET', KEYS[2], value)
            redis.call('ZADD', KEYS[7], now + tonumber(ARGV[4]), ARGV[6])
            bytes = bytes + delta
            local released = 0
            local waiting = redis.call('HGETALL', KEYS[3])
            for i = 1, #waiting, 2 do
                local member = ARGV[6] .. '|' .. waiting[i]
                local deadline = redis.call('ZSCORE', KEYS[4], member)
                -- A left event whose window ended is the expiry's: unmatched, even if not moved yet.
                if deadline and tonumber(deadline) >= now then
                    redis.call('XADD', KEYS[5], '*', 'fate', 'joined', 'position', waiting[i], 'left', waiting[i + 1],
                        'right', ARGV[3])
                    redis.call('HDEL', KEYS[3], waiting[i])
                    redis.call('ZREM', KEYS[4], member)
                    bytes = bytes - string.len(waiting[i + 1]) - string.len(waiting[i])
                    released = released + 1
                end
            end
            redis.call('SET', KEYS[6], bytes)
            return {'kept', released}
            """.getBytes(StandardCharsets.UTF_8);

    // KEYS: lane, outbox. ARGV: offset, position, event, reason. An event the join cannot key goes
    // to the outbox (a dead letter there) under the same lane check as any event, so a replayed
    // batch does not send it twice.
    static final byte[] REJECT = """
            local applied = redis.call('GET', KEYS[1])
            if applied and tonumber(applied) >= tonumber(ARGV[1]) then return {'applied-before'} end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('XADD', KEYS[2], '*', 'fate', 'invalid', 'position', ARGV[2], 'left', ARGV[3], 'reason', ARGV[4])
            return {'overflow'}
            """.getBytes(StandardCharsets.UTF_8);

    // KEYS: the shard's lease. ARGV: replica, lease ms, may take (1/0), keeps (1/0). Returns 1 when
    // the replica holds the lease afterwards.
    static final byte[] LEASE = """
            local owner = redis.call('GET', KEYS[1])
            if owner == ARGV[1] then
                if ARGV[4] == '1' then
                    redis.call('PEXPIRE', KEYS[1], ARGV[2])
                    return 1
                end
                redis.call('DEL', KEYS[1])
                return 0
            end
            if not owner and ARGV[3] == '1' then
                redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
                return 1
            end
            return 0
            """.getBytes(StandardCharsets.UTF_8);

    // KEYS: due, outbox, size, rights due. ARGV: left hash prefix, right prefix, limit.
    // Keys built here share the shard's hash tag, so they are in the same slot as KEYS.
    static final byte[] EXPIRE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local bytes = tonumber(redis.call('GET', KEYS[3]) or '0')
            local lefts = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
            for _, member in ipairs(lefts) do
                local bar = string.find(member, '|', 1, true)
                local hash = ARGV[1] .. string.sub(member, 1, bar - 1)
                local position = string.sub(member, bar + 1)
                local event = redis.call('HGET', hash, position)
                redis.call('ZREM', KEYS[1], member)
                if event then
                    redis.call('HDEL', hash, position)
                    redis.call('XADD', KEYS[2], '*', 'fate', 'unmatched', 'position', position, 'left', event)
                    bytes = bytes - string.len(event) - string.len(position)
                end
            end
            local rights = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
            for _, keyHash in ipairs(rights) do
                local value = redis.call('GET', ARGV[2] .. keyHash)
                redis.call('ZREM', KEYS[4], keyHash)
                if value then
                    redis.call('DEL', ARGV[2] .. keyHash)
                    bytes = bytes - string.len(value)
                end
            end
            redis.call('SET', KEYS[3], bytes)
            return {#lefts, #rights}
            """.getBytes(StandardCharsets.UTF_8);

    private final RedisClient client;

    private final StatefulRedisConnection<byte[], byte[]> connection;

    private final RedisAsyncCommands<byte[], byte[]> commands;

    private final JoinStateLayout layout;

    private final JoinLimits limits;

    private RedisJoinStore(RedisClient client, JoinStateLayout layout, JoinLimits limits) {
        this.client = client;
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.commands = connection.async();
        this.layout = layout;
        this.limits = limits;
    }

    /** A store on the Redis at {@code uri}, with its own client and connection. */
    public static RedisJoinStore connect(RedisURI uri, JoinStateLayout layout, JoinLimits limits, Duration timeout) {
        RedisClient client = RedisClient.create(uri);
        // While Redis is unreachable, calls fail at once: the lane retries and its input waits in JetStream.
        client.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout)).build());
        return new RedisJoinStore(client, layout, limits);
    }

    public JoinStateLayout layout() {
        return layout;
    }

    /**
     * Applies a left event: joined at once with its key's right event if one is kept within the
     * right window, else it waits (or is refused by a cap).
     * @param lane     the input lane it came from (e.g. {@code orders.2})
     * @param offset   its offset in that lane, increasing
     * @param position its source position, unique per event: the identity of the row it gives
     */
    public CompletableFuture<Applied> applyLeft(byte[] canonicalKey, String lane, long offset, String position, byte[] event) {
        String keyHash = JoinStateLayout.keyHash(canonicalKey);
        JoinStateLayout.Shard shard = layout.shard(layout.shardOf(keyHash));
        byte[][] keys = { shard.lane(lane), shard.right(keyHash), shard.left(keyHash), shard.due(), shard.outbox(), shard.size() };
        byte[][] args = { text(Long.toString(offset)), text(position), event, millis(limits.leftWindow()),
                millis(limits.rightWindow()), text(Integer.toString(limits.maxWaitingPerKey())),
                text(Long.toString(limits.maxShardBytes())), text(keyHash) };
        return commands.<List<Object>>eval(LEFT, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .thenApply(RedisJoinStore::applied);
    }

    /** Applies a right event: its key's latest for the right window, releasing the left events waiting for it. */
    public CompletableFuture<Applied> applyRight(byte[] canonicalKey, String lane, long offset, String position, byte[] event) {
        String keyHash = JoinStateLayout.keyHash(canonicalKey);
        JoinStateLayout.Shard shard = layout.shard(layout.shardOf(keyHash));
        byte[][] keys = { shard.lane(lane), shard.right(keyHash), shard.left(keyHash), shard.due(), shard.outbox(),
                shard.size(), shard.rightsDue() };
        byte[][] args = { text(Long.toString(offset)), text(position), event, millis(limits.rightWindow()),
                text(Long.toString(limits.maxShardBytes())), text(keyHash) };
        return commands.<List<Object>>eval(RIGHT, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .thenApply(RedisJoinStore::applied);
    }

    /**
     * Records an event the join cannot take (not JSON, a join key field missing): an
     * {@link Fate.Kind#INVALID} fate in the outbox of the shard its position hashes to, under the
     * lane check, so the dead letter it becomes is sent once.
     */
    public CompletableFuture<Applied> reject(String lane, long offset, String position, byte[] event, String reason) {
        JoinStateLayout.Shard shard = layout.shard(layout.shardOf(JoinStateLayout.keyHash(text(position))));
        byte[][] keys = { shard.lane(lane), shard.outbox() };
        byte[][] args = { text(Long.toString(offset)), text(position), event, text(reason) };
        return commands.<List<Object>>eval(REJECT, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .thenApply(RedisJoinStore::applied);
    }

    /**
     * Moves up to {@code limit} left events whose window ended to the outbox as unmatched, and
     * drops up to {@code limit} right events whose window ended. Safe to run on every replica at
     * once: each event is moved by one script.
     * @return how many left events were moved
     */
    public CompletableFuture<Long> expire(int shardIndex, int limit) {
        JoinStateLayout.Shard shard = layout.shard(shardIndex);
        byte[][] keys = { shard.due(), shard.outbox(), shard.size(), shard.rightsDue() };
        byte[][] args = { text(shard.leftPrefix()), text(shard.rightPrefix()), text(Integer.toString(limit)) };
        return commands.<List<Object>>eval(EXPIRE, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .thenApply(result -> (Long) result.get(0));
    }

    /** Up to {@code count} outbox entries of a shard after {@code afterId} (null: from the start), in order. */
    public CompletableFuture<List<Fate>> outbox(int shardIndex, String afterId, int count) {
        Range<String> range = Range.from(afterId == null ? Range.Boundary.unbounded()
                : Range.Boundary.excluding(afterId), Range.Boundary.unbounded());
        return commands.xrange(layout.shard(shardIndex).outbox(), range, Limit.from(count)).toCompletableFuture()
                .thenApply(messages -> {
                    List<Fate> fates = new ArrayList<>(messages.size());
                    for (StreamMessage<byte[], byte[]> message : messages) {
                        fates.add(fate(message));
                    }
                    return fates;
                });
    }

    /** Removes a shard's outbox entries up to and including {@code throughId}: they are published. */
    public CompletableFuture<Long> trimOutbox(int shardIndex, String throughId) {
        int dash = throughId.indexOf('-');
        String next = throughId.substring(0, dash) + "-" + (Long.parseLong(throughId.substring(dash + 1)) + 1);
        return commands.xtrim(layout.shard(shardIndex).outbox(), XTrimArgs.Builder.minId(next)).toCompletableFuture();
    }

    /**
     * Takes, keeps or gives up the lease of publishing a shard (see {@code ShardWorker}).
     * @param mayTake take it if nobody holds it
     * @param keep    keep it if held (false: give it up)
     * @return whether {@code replica} holds it now
     */
    public CompletableFuture<Boolean> lease(int shardIndex, String replica, Duration lease, boolean mayTake, boolean keep) {
        byte[][] keys = { layout.shard(shardIndex).lease() };
        byte[][] args = { text(replica), millis(lease), text(mayTake ? "1" : "0"), text(keep ? "1" : "0") };
        return commands.<Long>eval(LEASE, ScriptOutputType.INTEGER, keys, args).toCompletableFuture().thenApply(held -> held == 1);
    }

    /**
     * Records that {@code replica} runs the pipeline's join now, and answers how many replicas did
     * within {@code alive} (this one included).
     */
    public CompletableFuture<Long> heartbeat(String replica, Duration alive) {
        byte[] key = layout.replicas();
        return commands.time().toCompletableFuture().thenCompose(time -> {
            long now = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1000
                    + Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII)) / 1000;
            commands.zadd(key, (double) now, text(replica));
            commands.zremrangebyscore(key, Range.create(0d, (double) (now - alive.toMillis())));
            commands.pexpire(key, alive.toMillis() * 10);
            return commands.zcard(key).toCompletableFuture();
        });
    }

    /** Leaves the pipeline's replicas at once (a clean stop), so the others take its shards without waiting. */
    public CompletableFuture<Long> leave(String replica) {
        return commands.zrem(layout.replicas(), text(replica)).toCompletableFuture();
    }

    /** Left events waiting in a shard now. */
    public CompletableFuture<Long> waiting(int shardIndex) {
        return commands.zcard(layout.shard(shardIndex).due()).toCompletableFuture();
    }

    /** Bytes of events a shard holds now. */
    public CompletableFuture<Long> stateBytes(int shardIndex) {
        return commands.get(layout.shard(shardIndex).size()).toCompletableFuture()
                .thenApply(value -> value == null ? 0L : Long.parseLong(new String(value, StandardCharsets.US_ASCII)));
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    private static Applied applied(List<Object> result) {
        String outcome = new String((byte[]) result.get(0), StandardCharsets.US_ASCII);
        return switch (outcome) {
            case SKIPPED -> new Applied(Applied.Outcome.ALREADY_APPLIED, 0);
            case "joined" -> new Applied(Applied.Outcome.JOINED, 0);
            case "waiting" -> new Applied(Applied.Outcome.WAITING, 0);
            case "overflow" -> new Applied(Applied.Outcome.OVERFLOW, 0);
            case "kept" -> new Applied(Applied.Outcome.KEPT, ((Long) result.get(1)).intValue());
            default -> throw new IllegalStateException("unknown answer of the join script: " + outcome);
        };
    }

    private static Fate fate(StreamMessage<byte[], byte[]> message) {
        Map<String, byte[]> fields = new java.util.HashMap<>();
        message.getBody().forEach((name, value) -> fields.put(new String(name, StandardCharsets.UTF_8), value));
        Fate.Kind kind = switch (string(fields.get("fate"))) {
            case "joined" -> Fate.Kind.JOINED;
            case "unmatched" -> Fate.Kind.UNMATCHED;
            case "overflow" -> Fate.Kind.OVERFLOW;
            case "invalid" -> Fate.Kind.INVALID;
            default -> throw new IllegalStateException("unknown fate in the outbox: " + string(fields.get("fate")));
        };
        return new Fate(message.getId(), kind, string(fields.get("position")), fields.get("left"), fields.get("right"),
                fields.containsKey("reason") ? string(fields.get("reason")) : null);
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] millis(Duration duration) {
        return text(Long.toString(duration.toMillis()));
    }
}

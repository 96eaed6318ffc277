package io.sluice.join.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.Limit;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.worker.redis.RedisClients;

/**
 * The join state of one pipeline on Redis: every change is one Lua script on one shard, so it is
 * atomic, and every fate it decides goes to the shard's outbox in the same step (docs/join.md). A
 * batch's events of one shard go in one script, applied one after the other in their order.
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
 * <p>On a Redis Cluster every key a script or command touches is of one shard, under the shard's
 * hash tag ({@link JoinStateLayout}): one slot, so one master. The cluster connection sends each
 * command down its slot's master's node connection, in the order issued, so the order above holds
 * per shard as on a single Redis (docs/join.md, "Redis Cluster"). It does not hold while a node
 * connection is being opened, hence {@link #connectCluster} opens every master's first; nor across
 * a redirect ({@code MOVED}) during a failover, which the server watch reports as lost state anyway.
 *
 * <p>Thread-safe: Lettuce multiplexes one connection (on a cluster, one per master).
 */
public final class RedisJoinStore implements AutoCloseable {

    static final String SKIPPED = "applied-before";

    static final int EVENTS_PER_SCRIPT = 500;

    // Applies a run of events of one shard. KEYS: the shard's due set, outbox, size, rights due.
    // ARGV: the shard's left, right and lane key prefixes (JoinStateLayout), left window ms, right
    // window ms, max waiting per key, max bytes,
    // then 6 values per event: kind (L left, R right, X invalid), lane, offset, position, event,
    // key hash (for X: the reason). Per-key and lane keys are those prefixes and the shard's hash tag: same slot. The
    // offset is compared as a number but stored as given (Lua would print a large one as 1e+15).
    // Answers one word per event: applied-before, joined, waiting, overflow, or kept:<released>.
    // The apply script's answer when the shard's sentinel is gone (JoinStateGuard).
    private static final String STATE_LOST = "SLUICE_JOIN_STATE_LOST";

    static final byte[] APPLY = """
            if redis.call('EXISTS', KEYS[5]) == 0 then
                return redis.error_reply('$STATE_LOST')
            end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local leftPrefix, rightPrefix, lanePrefix = ARGV[1], ARGV[2], ARGV[3]
            local leftWindow = tonumber(ARGV[4])
            local rightWindow = tonumber(ARGV[5])
            local maxWaiting = tonumber(ARGV[6])
            local maxBytes = tonumber(ARGV[7])
            local bytes = tonumber(redis.call('GET', KEYS[3]) or '0')
            local results = {}
            for i = 8, #ARGV, 6 do
                local kind, lane, offset, position, event, extra = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
                local laneKey = lanePrefix .. lane
                local applied = redis.call('GET', laneKey)
                if applied and tonumber(applied) >= tonumber(offset) then
                    results[#results + 1] = 'applied-before'
                else
                    redis.call('SET', laneKey, offset)
                    if kind == 'X' then
                        redis.call('XADD', KEYS[2], '*', 'fate', 'invalid', 'position', position, 'left', event, 'reason', extra)
                        results[#results + 1] = 'overflow'
                    elseif kind == 'L' then
                        local outcome = nil
                        local right = redis.call('GET', rightPrefix .. extra)
                        if right then
                            local first = string.find(right, '|', 1, true)
                            local second = string.find(right, '|', first + 1, true)
                            if tonumber(string.sub(right, 1, first - 1)) + rightWindow >= now then
                                redis.call('XADD', KEYS[2], '*', 'fate', 'joined', 'position', position, 'left', event,
                                    'right', string.sub(right, second + 1))
                                outcome = 'joined'
                            end
                        end
                        if not outcome then
                            local leftKey = leftPrefix .. extra
                            local size = string.len(event) + string.len(position)
                            if redis.call('HLEN', leftKey) >= maxWaiting then
                                redis.call('XADD', KEYS[2], '*', 'fate', 'overflow', 'position', position, 'left', event,
                                    'reason', 'join buffer of its key is full: ' .. ARGV[6] .. ' left events wait for a partner already')
                                outcome = 'overflow'
                            elseif bytes + size > maxBytes then
                                redis.call('XADD', KEYS[2], '*', 'fate', 'overflow', 'position', position, 'left', event,
                                    'reason', 'join state is full: ' .. bytes .. ' of ' .. ARGV[7] .. ' bytes in its shard')
                                outcome = 'overflow'
                            else
                                redis.call('HSET', leftKey, position, event)
                                redis.call('ZADD', KEYS[1], now + leftWindow, extra .. '|' .. position)
                                bytes = bytes + size
                                outcome = 'waiting'
                            end
                        end
                        results[#results + 1] = outcome
                    else
                        local rightKey = rightPrefix .. extra
                        local old = redis.call('GET', rightKey)
                        local value = now .. '|' .. position .. '|' .. event
                        local delta = string.len(value) - (old and string.len(old) or 0)
                        if delta > 0 and bytes + delta > maxBytes then
                            redis.call('XADD', KEYS[2], '*', 'fate', 'overflow', 'position', position, 'right', event,
                                'reason', 'join state is full: ' .. bytes .. ' of ' .. ARGV[7] .. ' bytes in its shard')
                            results[#results + 1] = 'overflow'
                        else
                            redis.call('SET', rightKey, value)
                            redis.call('ZADD', KEYS[4], now + rightWindow, extra)
                            bytes = bytes + delta
                            local leftKey = leftPrefix .. extra
                            local released = 0
                            local waiting = redis.call('HGETALL', leftKey)
                            for w = 1, #waiting, 2 do
                                local member = extra .. '|' .. waiting[w]
                                local deadline = redis.call('ZSCORE', KEYS[1], member)
                                -- A left event whose window ended is the expiry's: unmatched, even if not moved yet.
                                if deadline and tonumber(deadline) >= now then
                                    redis.call('XADD', KEYS[2], '*', 'fate', 'joined', 'position', waiting[w], 'left', waiting[w + 1],
                                        'right', event)
                                    redis.call('HDEL', leftKey, waiting[w])
                                    redis.call('ZREM', KEYS[1], member)
                                    bytes = bytes - string.len(waiting[w + 1]) - string.len(waiting[w])
                                    released = released + 1
                                end
                            end
                            results[#results + 1] = 'kept:' .. released
                        end
                    end
                end
            end
            redis.call('SET', KEYS[3], bytes)
            return results
            """.replace("$STATE_LOST", STATE_LOST).getBytes(StandardCharsets.UTF_8);

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

    private final AbstractRedisClient client;

    private final StatefulConnection<byte[], byte[]> connection;

    // The commands of a single Redis's and of a cluster's connection alike.
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;

    private final JoinStateLayout layout;

    private final JoinLimits limits;

    private RedisJoinStore(AbstractRedisClient client, StatefulConnection<byte[], byte[]> connection,
            RedisClusterAsyncCommands<byte[], byte[]> commands, JoinStateLayout layout, JoinLimits limits) {
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.layout = layout;
        this.limits = limits;
    }

    /** A store on the Redis at {@code uri}, with its own client and connection. */
    public static RedisJoinStore connect(RedisURI uri, JoinStateLayout layout, JoinLimits limits, Duration timeout) {
        // While Redis is unreachable, calls fail at once: the lane retries and its input waits in JetStream.
        var client = RedisClients.create(uri, timeout);
        StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
        return new RedisJoinStore(client, connection, connection.async(), layout, limits);
    }

    /**
     * A store on the Redis Cluster that {@code seeds} belong to, with its own client and
     * connection, whose connections to the masters are open before the first script.
     */
    public static RedisJoinStore connectCluster(List<RedisURI> seeds, JoinStateLayout layout, JoinLimits limits,
            Duration timeout) {
        RedisClusterClient client = RedisClients.createCluster(seeds, timeout);
        StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
        openMasterConnections(connection);
        return new RedisJoinStore(client, connection, connection.async(), layout, limits);
    }

    // Lettuce opens a master's node connection on the first command for one of its slots, and the
    // commands issued before it is open wait on one future, whose dependents Java runs last first:
    // a lane's later script would overtake an earlier one, whose events would then read as applied
    // before. Opened here (by host and port, the key Lettuce's slot routing uses), every script is
    // written as issued. A master that does not answer now is opened later, on first use.
    private static void openMasterConnections(StatefulRedisClusterConnection<byte[], byte[]> connection) {
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                try {
                    connection.getConnection(node.getUri().getHost(), node.getUri().getPort());
                } catch (RedisException e) {
                    // Not reachable now: the lanes retry against it as against any Redis down.
                }
            }
        }
    }

    public JoinStateLayout layout() {
        return layout;
    }

    /** One event to apply: a left or right event with its join key, or one that could not be keyed. */
    public record Pending(Kind kind, byte[] canonicalKey, String lane, long offset, String position, byte[] event, String reason) {

        public enum Kind { LEFT, RIGHT, INVALID }

        public static Pending left(byte[] canonicalKey, String lane, long offset, String position, byte[] event) {
            return new Pending(Kind.LEFT, canonicalKey, lane, offset, position, event, null);
        }

        public static Pending right(byte[] canonicalKey, String lane, long offset, String position, byte[] event) {
            return new Pending(Kind.RIGHT, canonicalKey, lane, offset, position, event, null);
        }

        /** An event the join cannot take (not JSON, a join key field missing): a dead letter with the reason. */
        public static Pending invalid(String lane, long offset, String position, byte[] event, String reason) {
            return new Pending(Kind.INVALID, null, lane, offset, position, event, reason);
        }
    }

    /**
     * Applies events in their order: one script per shard they fall in (at most
     * {@value #EVENTS_PER_SCRIPT} events each, so no script holds Redis long), sent together. A
     * left event is joined at once with its key's right event kept within the right window, or
     * waits (or a cap refuses it); a right event becomes its key's latest for the right window and
     * releases the left events waiting for it; an invalid event becomes an {@link Fate.Kind#INVALID}
     * fate in the shard its position hashes to. Every event is first compared with its lane's
     * offset on its shard, so a batch applied again changes nothing twice.
     *
     * @return what each event did, in the order given
     */
    public CompletableFuture<List<Applied>> applyAll(List<Pending> events) {
        Map<Integer, List<Integer>> byShard = new java.util.TreeMap<>();
        String[] hashes = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            Pending event = events.get(i);
            hashes[i] = JoinStateLayout.keyHash(event.kind() == Pending.Kind.INVALID ? text(event.position()) : event.canonicalKey());
            byShard.computeIfAbsent(layout.shardOf(hashes[i]), shard -> new ArrayList<>()).add(i);
        }
        Applied[] results = new Applied[events.size()];
        List<CompletableFuture<Void>> scripts = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> shard : byShard.entrySet()) {
            List<Integer> indexes = shard.getValue();
            for (int from = 0; from < indexes.size(); from += EVENTS_PER_SCRIPT) {
                List<Integer> run = indexes.subList(from, Math.min(indexes.size(), from + EVENTS_PER_SCRIPT));
                scripts.add(applyRun(shard.getKey(), events, hashes, run).thenAccept(answers -> {
                    for (int k = 0; k < run.size(); k++) {
                        results[run.get(k)] = answers.get(k);
                    }
                }));
            }
        }
        return CompletableFuture.allOf(scripts.toArray(CompletableFuture[]::new)).thenApply(done -> List.of(results));
    }

    private CompletableFuture<List<Applied>> applyRun(int shardIndex, List<Pending> events, String[] hashes, List<Integer> run) {
        JoinStateLayout.Shard shard = layout.shard(shardIndex);
        byte[][] keys = { shard.due(), shard.outbox(), shard.size(), shard.rightsDue(), shard.sentinel() };
        byte[][] args = new byte[7 + 6 * run.size()][];
        args[0] = text(shard.leftPrefix());
        args[1] = text(shard.rightPrefix());
        args[2] = text(shard.lanePrefix());
        args[3] = millis(limits.leftWindow());
        args[4] = millis(limits.rightWindow());
        args[5] = text(Integer.toString(limits.maxWaitingPerKey()));
        args[6] = text(Long.toString(limits.maxShardBytes()));
        int at = 7;
        for (int index : run) {
            Pending event = events.get(index);
            args[at++] = text(switch (event.kind()) { case LEFT -> "L"; case RIGHT -> "R"; case INVALID -> "X"; });
            args[at++] = text(event.lane());
            args[at++] = text(Long.toString(event.offset()));
            args[at++] = text(event.position());
            args[at++] = event.event();
            args[at++] = text(event.kind() == Pending.Kind.INVALID ? event.reason() : hashes[index]);
        }
        return commands.<List<Object>>eval(APPLY, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .handle((answers, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        if (cause != null && String.valueOf(cause.getMessage()).contains(STATE_LOST)) {
                            throw new JoinStateLostException("the sentinel key of join shard " + shardIndex
                                    + " is gone from Redis (restart without persistence, flush or failover)");
                        }
                        throw failure instanceof RuntimeException runtime ? runtime : new CompletionException(failure);
                    }
                    return answers.stream().map(answer -> applied((byte[]) answer)).toList();
                });
    }

    /** How many shards have their sentinel, and how many hold any state (their byte count). */
    public record Sentinels(int present, int withState) {
    }

    /** Reads every shard's sentinel and byte count (two EXISTS per shard, sent together). */
    public CompletableFuture<Sentinels> sentinels() {
        return sumOverShards(shard -> commands.exists(layout.shard(shard).sentinel()).toCompletableFuture())
                .thenCombine(sumOverShards(shard -> commands.exists(layout.shard(shard).size()).toCompletableFuture()),
                        (present, withState) -> new Sentinels((int) (long) present, (int) (long) withState));
    }

    /** The whole pipeline's join state now: left events waiting and bytes held, over every shard. */
    public record State(long waiting, long bytes) {
    }

    /** Reads {@link State} with one command per shard and figure, sent together. */
    public CompletableFuture<State> state() {
        return sumOverShards(this::waiting).thenCombine(sumOverShards(this::stateBytes), State::new);
    }

    private CompletableFuture<Long> sumOverShards(IntFunction<CompletableFuture<Long>> perShard) {
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (int shard = 0; shard < layout.shards(); shard++) {
            answers.add(perShard.apply(shard));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> answers.stream().mapToLong(CompletableFuture::join).sum());
    }

    /**
     * Writes every shard's sentinel: only where there is none ({@code SET NX}), or over what is
     * there ({@code overwrite}, when a loss is acknowledged).
     */
    public CompletableFuture<Void> writeSentinels(String value, boolean overwrite) {
        List<CompletableFuture<String>> writes = new ArrayList<>();
        for (int shard = 0; shard < layout.shards(); shard++) {
            byte[] key = layout.shard(shard).sentinel();
            writes.add((overwrite ? commands.set(key, text(value)) : commands.set(key, text(value), SetArgs.Builder.nx()))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /** {@link #applyAll} of one left event. */
    public CompletableFuture<Applied> applyLeft(byte[] canonicalKey, String lane, long offset, String position, byte[] event) {
        return applyAll(List.of(Pending.left(canonicalKey, lane, offset, position, event))).thenApply(all -> all.get(0));
    }

    /** {@link #applyAll} of one right event. */
    public CompletableFuture<Applied> applyRight(byte[] canonicalKey, String lane, long offset, String position, byte[] event) {
        return applyAll(List.of(Pending.right(canonicalKey, lane, offset, position, event))).thenApply(all -> all.get(0));
    }

    /** {@link #applyAll} of one invalid event. */
    public CompletableFuture<Applied> reject(String lane, long offset, String position, byte[] event, String reason) {
        return applyAll(List.of(Pending.invalid(lane, offset, position, event, reason))).thenApply(all -> all.get(0));
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

    private static Applied applied(byte[] answer) {
        String outcome = new String(answer, StandardCharsets.US_ASCII);
        if (outcome.startsWith("kept:")) {
            return new Applied(Applied.Outcome.KEPT, Integer.parseInt(outcome.substring("kept:".length())));
        }
        return switch (outcome) {
            case SKIPPED -> new Applied(Applied.Outcome.ALREADY_APPLIED, 0);
            case "joined" -> new Applied(Applied.Outcome.JOINED, 0);
            case "waiting" -> new Applied(Applied.Outcome.WAITING, 0);
            case "overflow" -> new Applied(Applied.Outcome.OVERFLOW, 0);
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

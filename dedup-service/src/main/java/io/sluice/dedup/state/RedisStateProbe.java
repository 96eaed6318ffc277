package io.sluice.dedup.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.dedup.store.RedisDedupStore;
import io.sluice.dedup.store.RedisKeyLayout;
import io.sluice.worker.redis.ClusterInfo;
import io.sluice.worker.redis.RedisClients;
import io.sluice.worker.redis.ServerInfo;

/**
 * {@link StateProbe} on Redis, on a connection of its own (the store's connection carries only
 * claims, flushed by hand). Sentinels have no expiry. Thread-safe.
 *
 * <p>On a Redis Cluster a lane has a sentinel per bucket of the key layout ({@link RedisKeyLayout}),
 * each in its bucket's slot, written and read together: the lane's sentinel reads as missing
 * when any master lost its bucket's, as marking a loss when any does. The server is every master
 * ({@link ClusterInfo#ofMasters}). And no lane ever claimed on a cluster before sentinels existed,
 * so a lane with progress and without its sentinels lost them, whatever claims of it are left
 * on the other masters ({@link #holdsClaims} says none).
 */
public final class RedisStateProbe implements StateProbe, AutoCloseable {

    private static final int SCAN_PAGE = 1000;

    private final StatefulConnection<byte[], byte[]> connection;
    private final Runnable shutdown;
    private final RedisClusterCommands<byte[], byte[]> commands;
    private final Supplier<ServerInfo> server;
    private final RedisKeyLayout layout;

    private RedisStateProbe(StatefulConnection<byte[], byte[]> connection, Runnable shutdown, RedisClusterCommands<byte[], byte[]> commands,
            Supplier<ServerInfo> server, RedisKeyLayout layout) {
        this.connection = connection;
        this.shutdown = shutdown;
        this.commands = commands;
        this.server = server;
        this.layout = layout;
    }

    /** @param keyPrefix the store's key prefix */
    public static RedisStateProbe connect(RedisURI uri, String keyPrefix, Duration timeout) {
        RedisClient client = RedisClients.create(uri, timeout);
        StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
        return new RedisStateProbe(connection, client::shutdown, connection.sync(), () -> ServerInfo.parse(connection.sync().info()),
                RedisKeyLayout.single(keyPrefix));
    }

    /** On the Redis Cluster that {@code seeds} belong to; @param keyPrefix the store's key prefix */
    public static RedisStateProbe connectCluster(List<RedisURI> seeds, String keyPrefix, Duration timeout) {
        RedisClusterClient client = RedisClients.createCluster(seeds, timeout);
        StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
        return new RedisStateProbe(connection, client::shutdown, connection.sync(), () -> ClusterInfo.ofMasters(connection),
                RedisKeyLayout.cluster(keyPrefix));
    }

    @Override
    public ServerInfo serverInfo() {
        return server.get();
    }

    @Override
    public String readSentinel(String pipelineId, String sourceId, String lane) {
        List<String> values = new ArrayList<>();
        for (KeyValue<byte[], byte[]> sentinel : commands.mget(sentinels(pipelineId, sourceId, lane))) {
            values.add(sentinel.hasValue() ? new String(sentinel.getValue(), StandardCharsets.UTF_8) : null);
        }
        return SentinelValue.ofBuckets(values);
    }

    @Override
    public boolean createSentinel(String pipelineId, String sourceId, String lane, String value) {
        boolean wroteAll = true;
        for (byte[] key : sentinels(pipelineId, sourceId, lane)) {
            wroteAll &= "OK".equals(commands.set(key, value.getBytes(StandardCharsets.UTF_8), SetArgs.Builder.nx()));
        }
        return wroteAll;
    }

    @Override
    public boolean holdsClaims(String pipelineId, String sourceId, Integer partition, int maxKeys) {
        if (layout.isCluster()) {
            return false;
        }
        ScanArgs args = ScanArgs.Builder.matches(layout.claimPattern(pipelineId, sourceId)).limit(SCAN_PAGE);
        KeyScanCursor<byte[]> cursor = commands.scan(args);
        int examined = 0;
        while (true) {
            examined += SCAN_PAGE;
            if (!cursor.getKeys().isEmpty()) {
                if (partition == null) {
                    return true;
                }
                for (byte[] key : cursor.getKeys()) {
                    if (claimOfPartition(pipelineId, sourceId, key, partition)) {
                        return true;
                    }
                }
            }
            if (cursor.isFinished() || examined >= maxKeys) {
                return false;
            }
            cursor = commands.scan(cursor, args);
        }
    }

    // A key under the source's pattern is a hash of claims, a claim of the layout before it, or
    // one of the slices' own keys (meta, index, marker), which hold no claim.
    private boolean claimOfPartition(String pipelineId, String sourceId, byte[] key, int partition) {
        if (RedisKeyLayout.isClaimHash(key)) {
            for (byte[] value : commands.hvals(key)) {
                if (RedisDedupStore.storedPosition(value).partition() == partition) {
                    return true;
                }
            }
            return false;
        }
        if (layout.isLegacyClaimKey(pipelineId, sourceId, key)) {
            byte[] value = commands.get(key);
            return value != null && RedisDedupStore.storedPosition(value).partition() == partition;
        }
        return false;
    }

    @Override
    public void writeSentinel(String pipelineId, String sourceId, String lane, String value) {
        for (byte[] key : sentinels(pipelineId, sourceId, lane)) {
            commands.set(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private byte[][] sentinels(String pipelineId, String sourceId, String lane) {
        return layout.sentinels(pipelineId, sourceId, lane).toArray(byte[][]::new);
    }

    @Override
    public void close() {
        connection.close();
        shutdown.run();
    }
}

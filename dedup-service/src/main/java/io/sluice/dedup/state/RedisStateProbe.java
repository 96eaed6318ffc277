package io.sluice.dedup.state;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.dedup.store.RedisDedupStore;
import io.sluice.worker.redis.RedisClients;
import io.sluice.worker.redis.ServerInfo;

/**
 * {@link StateProbe} on Redis, on a connection of its own (the store's connection carries only
 * claims, flushed by hand). Sentinels have no expiry. Thread-safe.
 */
public final class RedisStateProbe implements StateProbe, AutoCloseable {

    private static final int SCAN_PAGE = 1000;

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> commands;
    private final String keyPrefix;

    private RedisStateProbe(RedisClient client, String keyPrefix) {
        this.client = client;
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.commands = connection.sync();
        this.keyPrefix = keyPrefix;
    }

    /** @param keyPrefix the store's key prefix */
    public static RedisStateProbe connect(RedisURI uri, String keyPrefix, Duration timeout) {
        return new RedisStateProbe(RedisClients.create(uri, timeout), keyPrefix);
    }

    @Override
    public ServerInfo serverInfo() {
        return ServerInfo.parse(commands.info());
    }

    @Override
    public String readSentinel(String pipelineId, String sourceId, String lane) {
        byte[] value = commands.get(key(pipelineId, sourceId, lane));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean createSentinel(String pipelineId, String sourceId, String lane, String value) {
        return "OK".equals(commands.set(key(pipelineId, sourceId, lane), value.getBytes(StandardCharsets.UTF_8),
                SetArgs.Builder.nx()));
    }

    @Override
    public boolean holdsClaims(String pipelineId, String sourceId, Integer partition, int maxKeys) {
        byte[] pattern = glob(RedisDedupStore.claimNamespace(keyPrefix, pipelineId, sourceId));
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(SCAN_PAGE);
        KeyScanCursor<byte[]> cursor = commands.scan(args);
        int examined = 0;
        while (true) {
            examined += SCAN_PAGE;
            if (!cursor.getKeys().isEmpty()) {
                if (partition == null) {
                    return true;
                }
                for (KeyValue<byte[], byte[]> claim : commands.mget(cursor.getKeys().toArray(byte[][]::new))) {
                    if (claim.hasValue() && RedisDedupStore.storedPosition(claim.getValue()).partition() == partition) {
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

    // The namespace as a SCAN pattern: glob characters in it (from the key prefix) escaped, then *.
    private static byte[] glob(byte[] namespace) {
        ByteArrayOutputStream pattern = new ByteArrayOutputStream(namespace.length + 8);
        for (byte b : namespace) {
            if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
                pattern.write('\\');
            }
            pattern.write(b);
        }
        pattern.write('*');
        return pattern.toByteArray();
    }

    @Override
    public void writeSentinel(String pipelineId, String sourceId, String lane, String value) {
        commands.set(key(pipelineId, sourceId, lane), value.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] key(String pipelineId, String sourceId, String lane) {
        return RedisDedupStore.sentinelKey(keyPrefix, pipelineId, sourceId, lane);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}

package io.sluice.dedup.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/** {@link ClaimConnections} on a single Redis: one dedicated connection holds every key. */
final class SingleRedisConnection implements ClaimConnections {

    private final RedisClient client;

    private final StatefulRedisConnection<byte[], byte[]> connection;

    SingleRedisConnection(RedisClient client) {
        this.client = client;
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.connection.setAutoFlushCommands(false);
    }

    @Override
    public StatefulRedisConnection<byte[], byte[]> holding(byte[] key) {
        return this.connection;
    }

    @Override
    public void close() {
        this.connection.close();
        this.client.shutdown();
    }

}

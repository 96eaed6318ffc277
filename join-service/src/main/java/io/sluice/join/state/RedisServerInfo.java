package io.sluice.join.state;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.worker.redis.RedisClients;
import io.sluice.worker.redis.ServerInfo;
import io.sluice.worker.redis.ServerInfoSource;

/**
 * The join Redis's {@code INFO}, for the service's {@link io.sluice.worker.redis.RedisServerWatch},
 * on a connection of its own: a slow answer must not hold up any pipeline's scripts. Thread-safe.
 */
public final class RedisServerInfo implements ServerInfoSource, AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisServerInfo(RedisClient client) {
        this.client = client;
        this.connection = client.connect();
    }

    public static RedisServerInfo connect(RedisURI uri, Duration timeout) {
        return new RedisServerInfo(RedisClients.create(uri, timeout));
    }

    @Override
    public ServerInfo serverInfo() {
        return ServerInfo.parse(connection.sync().info());
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}

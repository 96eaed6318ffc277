package io.sluice.join.state;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.sluice.worker.redis.ClusterInfo;
import io.sluice.worker.redis.RedisClients;
import io.sluice.worker.redis.ServerInfo;
import io.sluice.worker.redis.ServerInfoSource;

/**
 * The join Redis's {@code INFO}, for the service's {@link io.sluice.worker.redis.RedisServerWatch},
 * on a connection of its own: a slow answer must not hold up any pipeline's scripts. On a Redis
 * Cluster, every master's, seen as one server ({@link ClusterInfo}): a master replaced by its
 * replica changes the run id, and the watch reports the failover. Thread-safe.
 */
public final class RedisServerInfo implements ServerInfoSource, AutoCloseable {

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final Supplier<ServerInfo> server;

    private RedisServerInfo(AbstractRedisClient client, StatefulConnection<String, String> connection,
            Supplier<ServerInfo> server) {
        this.client = client;
        this.connection = connection;
        this.server = server;
    }

    public static RedisServerInfo connect(RedisURI uri, Duration timeout) {
        RedisClient client = RedisClients.create(uri, timeout);
        StatefulRedisConnection<String, String> connection = client.connect();
        return new RedisServerInfo(client, connection, () -> ServerInfo.parse(connection.sync().info()));
    }

    /** On the Redis Cluster that {@code seeds} belong to. */
    public static RedisServerInfo connectCluster(List<RedisURI> seeds, Duration timeout) {
        RedisClusterClient client = RedisClients.createCluster(seeds, timeout);
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        return new RedisServerInfo(client, connection, () -> ClusterInfo.ofMasters(connection));
    }

    @Override
    public ServerInfo serverInfo() {
        return server.get();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}

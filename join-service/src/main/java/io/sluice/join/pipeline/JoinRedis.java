package io.sluice.join.pipeline;

import io.lettuce.core.RedisURI;
import io.sluice.join.state.JoinLimits;
import io.sluice.join.state.JoinStateLayout;
import io.sluice.join.state.RedisJoinStore;
import io.sluice.join.state.RedisServerInfo;
import io.sluice.worker.redis.RedisClients;

/**
 * The one place that tells a single Redis from a Redis Cluster ({@link JoinProperties#redisCluster}):
 * every connection of the join-service to its Redis is made here.
 */
final class JoinRedis {

    private JoinRedis() {
    }

    /** A pipeline's store, with a client of its own. */
    static RedisJoinStore store(JoinProperties properties, JoinStateLayout layout, JoinLimits limits) {
        return properties.redisCluster()
                ? RedisJoinStore.connectCluster(RedisClients.seeds(properties.redisUri()), layout, limits, properties.redisTimeout())
                : RedisJoinStore.connect(RedisURI.create(properties.redisUri()), layout, limits, properties.redisTimeout());
    }

    /** The service's look at the server (on a cluster, at every master). */
    static RedisServerInfo serverInfo(JoinProperties properties) {
        return properties.redisCluster()
                ? RedisServerInfo.connectCluster(RedisClients.seeds(properties.redisUri()), properties.redisTimeout())
                : RedisServerInfo.connect(RedisURI.create(properties.redisUri()), properties.redisTimeout());
    }
}

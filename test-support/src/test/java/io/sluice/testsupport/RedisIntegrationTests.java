package io.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

/**
 * Proves the server supports the one command first-wins dedup is built on:
 * {@code SET key position NX GET PX window} (Redis 7.0+).
 */
@RealServers(RealServer.REDIS)
class RedisIntegrationTests {

    @Test
    void setNxGetKeepsFirstPositionAndReturnsItToLaterWriters(LocalEndpoints endpoints, TestNamespace namespace) {
        RedisClient client = RedisClient.create(endpoints.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            String key = namespace.redisPrefix() + "order-42";
            SetArgs firstWins = SetArgs.Builder.nx().px(60_000);

            String beforeFirst = redis.setGet(key, "orders/0/17", firstWins);
            String beforeDuplicate = redis.setGet(key, "orders/1/3", firstWins);

            assertThat(beforeFirst).isNull();
            assertThat(beforeDuplicate).isEqualTo("orders/0/17");
            assertThat(redis.get(key)).isEqualTo("orders/0/17");
            assertThat(redis.pttl(key)).isBetween(1L, 60_000L);
            redis.del(key);
        } finally {
            client.shutdown();
        }
    }
}

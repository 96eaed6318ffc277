package io.sluice.join.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.sluice.join.state.JoinLimits;
import io.sluice.join.state.JoinStateLayout;
import io.sluice.join.state.RedisJoinStore;
import io.sluice.join.state.RedisServerInfo;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.redis.RedisServerWatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The join-service started on the local Redis Cluster as a user configures it
 * ({@code sluice.join.redis-cluster=true}, the seeds in {@code sluice.join.redis-uri}): its server
 * watch sees every master, and a pipeline's store reaches every shard (a single-Redis client on one
 * node would be refused with {@code MOVED} for most). Writes no key.
 */
@RealServers({ RealServer.NATS, RealServer.REDIS_CLUSTER })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JoinServiceOnRedisClusterIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(JoinServiceOnRedisClusterIntegrationTests.class);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();
        registry.add("sluice.nats.url", endpoints::natsUrl);
        registry.add("sluice.nats.prefix", NAMESPACE::natsPrefix);
        registry.add("sluice.join.redis-cluster", () -> "true");
        registry.add("sluice.join.redis-uri", endpoints::redisClusterUri);
        registry.add("sluice.join.key-prefix", NAMESPACE::redisPrefix);
    }

    @Autowired
    JoinProperties properties;

    @Autowired
    RedisServerInfo serverInfo;

    @Autowired
    RedisServerWatch watch;

    @Test
    void theServerWatchSeesEveryMasterAndWarnsOfNothing() {
        assertThat(serverInfo.serverInfo().runId().split(",")).hasSize(3);

        watch.look();

        assertThat(watch.warnings()).isEmpty();
        assertThat(watch.losses()).isZero();
    }

    @Test
    void aPipelinesStoreReachesEveryShardOnTheCluster() {
        JoinStateLayout layout = new JoinStateLayout(properties.keyPrefix(), "orders", properties.shards());
        try (RedisJoinStore store = JoinRedis.store(properties, layout,
                new JoinLimits(Duration.ofHours(1), Duration.ofHours(1), 10, 1 << 20))) {

            assertThat(store.state().join()).isEqualTo(new RedisJoinStore.State(0, 0));
            assertThat(store.sentinels().join()).isEqualTo(new RedisJoinStore.Sentinels(0, 0));
        }
    }
}

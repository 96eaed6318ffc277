package io.sluice.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.Test;

class RedisClientsTests {

    @Test
    void commandsFailAtOnceWhileRedisIsUnreachableAndAfterTheTimeout() {
        RedisClient client = RedisClients.create(RedisURI.create("redis://127.0.0.1:6379"), Duration.ofSeconds(3));
        try {
            ClientOptions options = client.getOptions();

            assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
            assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
            var timeout = options.getTimeoutOptions().getSource();
            assertThat(timeout.getTimeUnit().toNanos(timeout.getTimeout(null))).isEqualTo(Duration.ofSeconds(3).toNanos());
            assertThat(options.isAutoReconnect()).isTrue();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aClusterClientRejectsWhileDisconnectedAndFollowsTheTopologyPeriodicallyAndOnRedirects() {
        RedisClusterClient client = RedisClients.createCluster(RedisClients.seeds("redis://127.0.0.1:7001"), Duration.ofSeconds(3));
        try {
            ClusterClientOptions options = (ClusterClientOptions) client.getOptions();

            assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
            assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
            ClusterTopologyRefreshOptions refresh = options.getTopologyRefreshOptions();
            assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
            assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(RedisClients.TOPOLOGY_REFRESH_SECONDS));
            assertThat(refresh.getAdaptiveRefreshTriggers()).contains(RefreshTrigger.MOVED_REDIRECT,
                    RefreshTrigger.PERSISTENT_RECONNECTS);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void seedNodesAreTheCommaSeparatedUris() {
        assertThat(RedisClients.seeds(" redis://a:7001, redis://b:7002 ,"))
                .extracting(uri -> uri.getHost() + ":" + uri.getPort()).containsExactly("a:7001", "b:7002");
        assertThatThrownBy(() -> RedisClients.seeds(" , ")).isInstanceOf(IllegalArgumentException.class);
    }
}

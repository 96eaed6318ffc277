package io.sluice.dedup.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisURI;
import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.dedup.store.Claim;
import io.sluice.dedup.store.RedisDedupStore;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.redis.ServerInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe against the shared Redis: read-only there but for keys under this class's prefix. */
@RealServers(RealServer.REDIS)
class RedisStateProbeIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(RedisStateProbeIntegrationTests.class);

    private static RedisStateProbe probe;

    private static RedisDedupStore store;

    @BeforeAll
    static void connect() {
        RedisURI uri = RedisURI.create(LocalEndpoints.fromEnvironment().redisUri());
        probe = RedisStateProbe.connect(uri, NAMESPACE.redisPrefix(), Duration.ofSeconds(5));
        store = RedisDedupStore.connect(uri, NAMESPACE.redisPrefix(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        probe.close();
        store.close();
    }

    @Test
    void readsTheServersIdentityPersistenceAndEvictionPolicy() {
        ServerInfo info = probe.serverInfo();

        assertThat(info.runId()).hasSize(40);
        assertThat(info.aofEnabled()).isNotNull();
        assertThat(info.maxmemoryPolicy()).isNotBlank();
        assertThat(info.uptimeSeconds()).isPositive();
    }

    @Test
    void aSentinelIsCreatedOnceAndCanBeOverwritten() {
        assertThat(probe.readSentinel("p", "sentinels", "0")).isNull();

        assertThat(probe.createSentinel("p", "sentinels", "0", "epoch a")).isTrue();
        assertThat(probe.createSentinel("p", "sentinels", "0", "epoch b")).isFalse();
        assertThat(probe.readSentinel("p", "sentinels", "0")).isEqualTo("epoch a");

        probe.writeSentinel("p", "sentinels", "0", "lost 2026-12-04T12:00:00Z evicted");
        assertThat(probe.readSentinel("p", "sentinels", "0")).isEqualTo("lost 2026-12-04T12:00:00Z evicted");
        assertThat(probe.readSentinel("p", "sentinels", "1")).isNull();
    }

    @Test
    void findsTheClaimsOfAPartitionAmongTheSourcesKeys() {
        for (int i = 0; i < 3000; i++) {
            store.claimFirst("p", "claims", List.of(new Claim(("key-" + i).getBytes(StandardCharsets.UTF_8),
                    new PartitionOffset(1, i))), Duration.ofMinutes(1));
        }

        assertThat(probe.holdsClaims("p", "claims", 1, 100_000)).isTrue();
        assertThat(probe.holdsClaims("p", "claims", null, 100_000)).isTrue();
        assertThat(probe.holdsClaims("p", "claims", 0, 100_000)).isFalse();
        assertThat(probe.holdsClaims("p", "other", null, 100_000)).isFalse();
    }
}

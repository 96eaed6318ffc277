package io.sluice.api.removal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.api.config.ApiProperties;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A deleted pipeline's dedup and join keys leave every master of the local Redis Cluster
 * ({@code servers.sh up cluster}), and no other pipeline's. Keys only under this class's prefix.
 */
@RealServers(RealServer.REDIS_CLUSTER)
class RedisDedupKeysIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(RedisDedupKeysIntegrationTests.class);

    private static RedisClusterClient client;

    private static StatefulRedisClusterConnection<byte[], byte[]> connection;

    private static RedisDedupKeys dedupKeys;

    @BeforeAll
    static void connect() {
        String seeds = LocalEndpoints.fromEnvironment().redisClusterUri();
        client = RedisClusterClient.create(Arrays.stream(seeds.split(",")).map(RedisURI::create).toList());
        connection = client.connect(ByteArrayCodec.INSTANCE);
        dedupKeys = new RedisDedupKeys(new ApiProperties.Dedup(seeds, NAMESPACE.redisPrefix(), Duration.ofSeconds(5), true));
    }

    @AfterAll
    static void close() {
        for (String pattern : List.of(NAMESPACE.redisPrefix() + "*", "{" + NAMESPACE.redisPrefix() + "*")) {
            for (byte[] key : keysOnEveryMaster(pattern)) {
                connection.sync().unlink(key);
            }
        }
        dedupKeys.destroy();
        connection.close();
        client.shutdown();
    }

    @Test
    void removesEveryDedupAndJoinKeyOfThePipelineOnEveryMasterAndNoOtherPipelines() {
        RedisAdvancedClusterCommands<byte[], byte[]> redis = connection.sync();
        String prefix = NAMESPACE.redisPrefix();
        int written = 0;
        for (String pipeline : List.of("orders", "orders-2")) {
            for (int bucket = 0; bucket < 64; bucket++) {
                String tag = "{" + prefix + "dedup:" + pipeline + ":web:" + bucket + "}";
                redis.set(bytes(tag + "0123456789abcdef"), bytes("42"));
                redis.set(bytes(tag + "sentinel-of-lane:0"), bytes("epoch 2026-12-04T12:00:00Z x"));
                written += 2;
            }
            for (int shard = 0; shard < 8; shard++) {
                redis.set(bytes("{" + prefix + "join:" + pipeline + ":" + shard + "}:sentinel"), bytes("x"));
                written++;
            }
            redis.set(bytes(prefix + "join:" + pipeline + ":replicas"), bytes("x"));
            written++;
        }
        // A key of the other pipeline whose hash bytes happen to hold ":orders:" is not the pipeline's.
        redis.set(bytes("{" + prefix + "dedup:orders-2:web:7}:orders:abcdefgh"), bytes("42"));
        assertThat(slotsOwners(keysOnEveryMaster("{" + prefix + "dedup:orders:*"))).hasSize(3);

        long deleted = dedupKeys.delete("orders");

        assertThat(deleted).isEqualTo(written / 2);
        assertThat(keysOnEveryMaster("{" + prefix + "dedup:orders:*")).isEmpty();
        assertThat(keysOnEveryMaster("{" + prefix + "join:orders:*")).isEmpty();
        assertThat(keysOnEveryMaster(prefix + "join:orders:*")).isEmpty();
        assertThat(keysOnEveryMaster("{" + prefix + "dedup:orders-2:*")).hasSize(129);
        assertThat(keysOnEveryMaster("{" + prefix + "join:orders-2:*")).hasSize(8);
    }

    // Each master scanned through its own connection: what a user would find with redis-cli on each.
    private static List<byte[]> keysOnEveryMaster(String pattern) {
        List<byte[]> keys = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                continue;
            }
            var commands = connection.getConnection(node.getNodeId()).sync();
            ScanArgs args = ScanArgs.Builder.matches(bytes(pattern)).limit(1000);
            KeyScanCursor<byte[]> cursor = commands.scan(args);
            keys.addAll(cursor.getKeys());
            while (!cursor.isFinished()) {
                cursor = commands.scan(cursor, args);
                keys.addAll(cursor.getKeys());
            }
        }
        return keys;
    }

    private static Set<String> slotsOwners(List<byte[]> keys) {
        Set<String> owners = new HashSet<>();
        for (byte[] key : keys) {
            owners.add(connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key)).getNodeId());
        }
        return owners;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.dedup.state.RedisStateProbe;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.redis.RedisClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on the local Redis Cluster (3 masters, a replica each; {@code servers.sh up cluster}).
 * Every key is under this class's prefix and removed afterwards; the cluster is never flushed.
 */
@RealServers(RealServer.REDIS_CLUSTER)
class RedisClusterDedupStoreIntegrationTests {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(RedisClusterDedupStoreIntegrationTests.class);

    private static RedisDedupStore store;

    private static RedisStateProbe probe;

    private static RedisClusterClient inspectorClient;

    private static StatefulRedisClusterConnection<byte[], byte[]> inspector;

    private static int sourceCounter;

    @BeforeAll
    static void connect() {
        var seeds = RedisClients.seeds(LocalEndpoints.fromEnvironment().redisClusterUri());
        store = RedisDedupStore.connectCluster(seeds, NAMESPACE.redisPrefix(), Duration.ofSeconds(10));
        probe = RedisStateProbe.connectCluster(seeds, NAMESPACE.redisPrefix(), Duration.ofSeconds(10));
        inspectorClient = RedisClusterClient.create(seeds);
        inspector = inspectorClient.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterAll
    static void removeKeysAndClose() {
        // Sentinels never expire: the class's keys go, found on every master by the cluster-wide SCAN.
        RedisAdvancedClusterCommands<byte[], byte[]> redis = inspector.sync();
        ScanArgs args = ScanArgs.Builder.matches(NAMESPACE.redisPrefix() + "*").limit(1000);
        ScanArgs tagged = ScanArgs.Builder.matches("{" + NAMESPACE.redisPrefix() + "*").limit(1000);
        for (ScanArgs pattern : List.of(args, tagged)) {
            KeyScanCursor<byte[]> cursor = redis.scan(pattern);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    redis.unlink(cursor.getKeys().toArray(byte[][]::new));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = redis.scan(cursor, pattern);
            }
        }
        store.close();
        probe.close();
        inspector.close();
        inspectorClient.shutdown();
    }

    @Test
    void claimsOfOneBatchSpreadOverEveryMasterAndTheFirstOfEachKeyWins() {
        String source = newSource();
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // Key i again 1,100 claims later, and 2,200 later: within one script, across scripts.
            claims.add(claim("key-" + (i % 1100), 0, i));
        }

        List<PartitionOffset> previous = store.claimFirst("orders", source, claims, WINDOW);

        for (int i = 0; i < 3000; i++) {
            assertThat(previous.get(i)).as("claim %d", i).isEqualTo((i < 1100) ? null : new PartitionOffset(0, i % 1100));
        }
        assertThat(keysPerMaster(source).values()).hasSize(3).allSatisfy(keys -> assertThat(keys).isGreaterThan(200));
        assertThat(keysPerMaster(source).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1100);
    }

    @Test
    void slicedClaimsSpreadOverEveryMasterTooAndTheFirstOfEachKeyWinsThroughALaterGuardedBatch() {
        var seeds = RedisClients.seeds(LocalEndpoints.fromEnvironment().redisClusterUri());
        String source = newSource();
        assertThat(probe.createSentinel("orders", source, "0", "epoch 2026-12-06T12:00:00Z 0d6f")).isTrue();
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            claims.add(claim("key-" + (i % 1100), 0, i));
        }
        try (RedisDedupStore sliced = RedisDedupStore.connectCluster(seeds, NAMESPACE.redisPrefix(), Duration.ofSeconds(10))
                .withClaimLayout(ClaimLayout.SLICES)) {

            List<PartitionOffset> previous = sliced.claimFirst("orders", source, claims, WINDOW);
            List<PartitionOffset> again = sliced.claimFirstGuardedAsync("orders", source, "0",
                    List.of(claim("key-0", 1, 0), claim("key-1099", 1, 1), claim("new", 1, 2)), WINDOW).join();

            for (int i = 0; i < 3000; i++) {
                assertThat(previous.get(i)).as("claim %d", i).isEqualTo((i < 1100) ? null : new PartitionOffset(0, i % 1100));
            }
            assertThat(again).containsExactly(new PartitionOffset(0, 0), new PartitionOffset(0, 1099), null);
        }
        Map<String, Integer> claimsPerMaster = claimsPerMaster(source);
        assertThat(claimsPerMaster.values()).hasSize(3).allSatisfy(claimed -> assertThat(claimed).isGreaterThan(200));
        assertThat(claimsPerMaster.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1101);
    }

    @Test
    void aLaterBatchSeesTheEarlierBatchesPositionsAndAnswersComeInTheOrderSent() {
        String source = newSource();
        List<CompletableFuture<List<PartitionOffset>>> batches = new ArrayList<>();
        ConcurrentLinkedQueue<Integer> completed = new ConcurrentLinkedQueue<>();
        for (int batch = 0; batch < 8; batch++) {
            List<Claim> claims = new ArrayList<>();
            // One key per batch only (one master), and 500 keys all batches share (every master).
            claims.add(claim("alone-" + batch, batch, 0));
            for (int i = 0; i < 500; i++) {
                claims.add(claim("shared-" + i, batch, i));
            }
            int number = batch;
            batches.add(store.claimFirstAsync("orders", source, claims, WINDOW).whenComplete((r, e) -> completed.add(number)));
        }

        List<List<PartitionOffset>> answers = batches.stream().map(CompletableFuture::join).toList();

        assertThat(answers.get(0)).containsOnlyNulls();
        for (int batch = 1; batch < 8; batch++) {
            assertThat(answers.get(batch).get(0)).isNull();
            for (int i = 0; i < 500; i++) {
                assertThat(answers.get(batch).get(1 + i)).isEqualTo(new PartitionOffset(0, i));
            }
        }
        assertThat(completed).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void guardedClaimsGoThroughWhileEveryBucketsSentinelIsThereAndAreRefusedOnceOneIsGone() {
        String source = newSource();
        assertThat(probe.createSentinel("orders", source, "0", "epoch 2026-12-04T12:00:00Z 0d6f")).isTrue();
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            claims.add(claim("key-" + (i % 1500), 0, i));
        }

        List<PartitionOffset> previous = guardedClaim(source, claims);

        assertThat(previous.subList(0, 1500)).containsOnlyNulls();
        assertThat(previous.get(1500)).isEqualTo(new PartitionOffset(0, 0));
        assertThat(probe.readSentinel("orders", source, "0")).isEqualTo("epoch 2026-12-04T12:00:00Z 0d6f");

        // The master of bucket 9 lost its keys (as a failover to a replica without them would).
        RedisKeyLayout layout = RedisKeyLayout.cluster(NAMESPACE.redisPrefix());
        inspector.sync().del(layout.sentinel("orders", source, "0", 9));
        Claim inBucketNine = claimInBucket(layout, 9, "fresh");

        assertThatThrownBy(() -> guardedClaim(source, List.of(claims.get(0), inBucketNine)))
                .isInstanceOf(StateLostException.class)
                .satisfies(e -> assertThat(((StateLostException) e).lane()).isEqualTo("0"));
        assertThat(inspector.sync().exists(key(layout, source, inBucketNine))).isZero();
        assertThat(probe.readSentinel("orders", source, "0")).isNull();
    }

    @Test
    void aLostMarkInOneBucketRefusesTheLanesClaimsThere() {
        String source = newSource();
        probe.createSentinel("orders", source, "0", "epoch 2026-12-04T12:00:00Z 0d6f");
        RedisKeyLayout layout = RedisKeyLayout.cluster(NAMESPACE.redisPrefix());
        inspector.sync().set(layout.sentinel("orders", source, "0", 3), bytes("lost 2026-12-04T13:00:00Z failover"));

        assertThatThrownBy(() -> guardedClaim(source, List.of(claimInBucket(layout, 3, "k"))))
                .isInstanceOf(StateLostException.class)
                .satisfies(e -> assertThat(((StateLostException) e).sentinel()).isEqualTo("lost 2026-12-04T13:00:00Z failover"));
        assertThat(probe.readSentinel("orders", source, "0")).isEqualTo("lost 2026-12-04T13:00:00Z failover");
    }

    @Test
    void claimsAreAnsweredOnceEachMastersReplicaHoldsThemAndFailWhenMoreReplicasAreRequiredThanExist() {
        var seeds = RedisClients.seeds(LocalEndpoints.fromEnvironment().redisClusterUri());
        String source = newSource();
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            claims.add(claim("key-" + i, 0, i));
        }
        try (RedisDedupStore acked = RedisDedupStore.connectCluster(seeds, NAMESPACE.redisPrefix(), Duration.ofSeconds(10))
                .withReplicaAcks(new ReplicaAcks(1, Duration.ofSeconds(2)));
                RedisDedupStore overAsking = RedisDedupStore.connectCluster(seeds, NAMESPACE.redisPrefix(), Duration.ofSeconds(10))
                        .withReplicaAcks(new ReplicaAcks(2, Duration.ofMillis(300)))) {

            assertThat(acked.claimFirst("orders", source, claims, WINDOW)).containsOnlyNulls();
            assertThatThrownBy(() -> overAsking.claimFirst("orders", source, claims, WINDOW))
                    .isInstanceOf(DedupStoreException.class).hasMessageContaining("on 1 of the 2 replicas required");
        }
    }

    @Test
    void theServerIsEveryMasterOfTheCluster() {
        var info = probe.serverInfo();

        assertThat(info.runId().split(",")).hasSize(3).allSatisfy(runId -> assertThat(runId).hasSize(40));
        assertThat(info.aofEnabled()).isTrue();
        assertThat(info.maxmemoryPolicy()).isEqualTo("noeviction");
    }

    private Map<String, Integer> keysPerMaster(String source) {
        return perMaster(source, (commands, key) -> 1);
    }

    // The claims in hashes of the sliced layout, per master.
    private Map<String, Integer> claimsPerMaster(String source) {
        return perMaster(source, (commands, key) -> RedisKeyLayout.isClaimHash(key) ? commands.hlen(key).intValue() : 0);
    }

    // What countOf says of each key of the source, summed per master.
    private Map<String, Integer> perMaster(String source, BiFunction<RedisCommands<byte[], byte[]>, byte[], Integer> countOf) {
        byte[] pattern = RedisKeyLayout.cluster(NAMESPACE.redisPrefix()).claimPattern("orders", source);
        Map<String, Integer> perMaster = new HashMap<>();
        for (RedisClusterNode node : inspector.getPartitions()) {
            if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                continue;
            }
            RedisCommands<byte[], byte[]> commands = inspector.getConnection(node.getNodeId()).sync();
            ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
            KeyScanCursor<byte[]> cursor = commands.scan(args);
            int count = 0;
            while (true) {
                for (byte[] key : cursor.getKeys()) {
                    count += countOf.apply(commands, key);
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = commands.scan(cursor, args);
            }
            perMaster.put(node.getNodeId(), count);
        }
        return perMaster;
    }

    private static Claim claimInBucket(RedisKeyLayout layout, int bucket, String name) {
        for (int i = 0;; i++) {
            Claim claim = claim(name + "-" + i, 0, i);
            if (layout.bucket(RedisKeyLayout.hash(RedisKeyLayout.sha256(), claim.canonicalKey())) == bucket) {
                return claim;
            }
        }
    }

    private static byte[] key(RedisKeyLayout layout, String source, Claim claim) {
        byte[] hash = RedisKeyLayout.hash(RedisKeyLayout.sha256(), claim.canonicalKey());
        return RedisKeyLayout.key(layout.namespace("orders", source, layout.bucket(hash)), hash);
    }

    private static List<PartitionOffset> guardedClaim(String source, List<Claim> claims) {
        try {
            return store.claimFirstGuardedAsync("orders", source, "0", claims, WINDOW).join();
        }
        catch (CompletionException ex) {
            throw (RuntimeException) ex.getCause();
        }
    }

    private static Claim claim(String key, int partition, long offset) {
        return new Claim(bytes(key), new PartitionOffset(partition, offset));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static synchronized String newSource() {
        return "source-" + (++sourceCounter);
    }

}

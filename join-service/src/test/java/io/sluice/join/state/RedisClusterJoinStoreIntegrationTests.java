package io.sluice.join.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.redis.RedisClients;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The join state on the local Redis Cluster (3 masters, a replica each; {@code servers.sh up
 * cluster}): the cases of {@link RedisJoinStoreIntegrationTests} that scripts and multi-key work
 * could break, with a pipeline's 16 shards spread over every master, answering as on a single
 * Redis. Every key is under this class's prefix and removed afterwards; the cluster is never flushed.
 */
@RealServers(RealServer.REDIS_CLUSTER)
class RedisClusterJoinStoreIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(RedisClusterJoinStoreIntegrationTests.class);

    private static final String PREFIX = NAMESPACE.redisPrefix() + Long.toString(System.currentTimeMillis(), 36) + ":";

    private static final JoinLimits HOUR = new JoinLimits(Duration.ofHours(1), Duration.ofHours(1), 1_000, 64L * 1024 * 1024);

    private static final int SHARDS = 16;

    private static final AtomicInteger PIPELINES = new AtomicInteger();

    private static List<RedisURI> seeds;

    private static RedisClusterClient inspectorClient;

    private static StatefulRedisClusterConnection<byte[], byte[]> inspector;

    private final List<RedisJoinStore> stores = new ArrayList<>();

    @BeforeAll
    static void connectInspector() {
        seeds = RedisClients.seeds(LocalEndpoints.fromEnvironment().redisClusterUri());
        inspectorClient = RedisClusterClient.create(seeds);
        inspector = inspectorClient.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterEach
    void closeStores() {
        stores.forEach(RedisJoinStore::close);
    }

    @AfterAll
    static void removeKeysAndClose() {
        // Sentinels never expire: the class's keys go, found on every master by the cluster-wide SCAN.
        RedisAdvancedClusterCommands<byte[], byte[]> redis = inspector.sync();
        for (String pattern : List.of("{" + PREFIX + "*", PREFIX + "*")) {
            ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
            KeyScanCursor<byte[]> cursor = redis.scan(args);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    redis.unlink(cursor.getKeys().toArray(byte[][]::new));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = redis.scan(cursor, args);
            }
        }
        inspector.close();
        inspectorClient.shutdown();
    }

    @Test
    void aPipelinesShardsLieOnEveryMaster() {
        JoinStateLayout layout = store(HOUR).layout();

        Set<String> masters = new HashSet<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            masters.add(masterOf(layout.shard(shard).due()));
        }

        assertThat(masters).hasSize(3);
    }

    @Test
    void aWholeBatchSpreadOverEveryMasterIsAppliedInItsOrderAndOnlyOnce() {
        RedisJoinStore store = store(HOUR);
        List<RedisJoinStore.Pending> batch = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            batch.add(RedisJoinStore.Pending.right(key("k" + i), "payments.0", 2 * i, "payments/0/" + (2 * i), bytes("p" + i)));
            // Each left event comes right after its partner in the same batch: joined at once.
            batch.add(RedisJoinStore.Pending.left(key("k" + i), "payments.0", 2 * i + 1, "orders/0/" + i, bytes("o" + i)));
        }
        batch.add(RedisJoinStore.Pending.invalid("payments.0", 1_000, "payments/0/1000", bytes("{"), "not valid JSON"));

        List<Applied> first = store.applyAll(batch).join();
        List<Applied> again = store.applyAll(batch).join();

        for (int i = 0; i < 600; i += 2) {
            assertThat(first.get(i).outcome()).as("right %d", i).isEqualTo(Applied.Outcome.KEPT);
            assertThat(first.get(i + 1).outcome()).as("left %d", i + 1).isEqualTo(Applied.Outcome.JOINED);
        }
        assertThat(first.get(600).outcome()).isEqualTo(Applied.Outcome.OVERFLOW);
        assertThat(again).extracting(Applied::outcome).containsOnly(Applied.Outcome.ALREADY_APPLIED);
        assertThat(allFates(store)).hasSize(301).filteredOn(fate -> fate.kind() == Fate.Kind.JOINED)
                .allSatisfy(fate -> assertThat(string(fate.right()).substring(1)).isEqualTo(string(fate.left()).substring(1)));
        Set<String> mastersWithFates = new HashSet<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            if (!store.outbox(shard, null, 1).join().isEmpty()) {
                mastersWithFates.add(masterOf(store.layout().shard(shard).outbox()));
            }
        }
        assertThat(mastersWithFates).hasSize(3);
    }

    /**
     * What the lane's batches in flight rely on: each shard's scripts run in the order sent, from
     * the first scripts of a store that has not used any master yet (a replica's first batches).
     */
    @Test
    void batchesOfOneLaneSentTogetherAreAppliedInTheirOrder() {
        RedisJoinStore store = anotherReplica(store(HOUR));
        List<CompletableFuture<List<Applied>>> batches = new ArrayList<>();
        int offset = 0;
        for (int b = 0; b < 20; b++) {
            List<RedisJoinStore.Pending> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                offset++;
                batch.add(RedisJoinStore.Pending.left(key("k" + offset), "orders.3", offset, "orders/3/" + offset, bytes("o")));
            }
            batches.add(store.applyAll(batch));
        }

        List<Applied> applied = batches.stream().flatMap(batch -> batch.join().stream()).toList();

        assertThat(applied).hasSize(2_000).extracting(Applied::outcome).containsOnly(Applied.Outcome.WAITING);
        assertThat(store.state().join().waiting()).isEqualTo(2_000);
    }

    @Test
    void leftEventsWaitUntilTheirPartnerArrivesAndANewerRightEventServesLaterMatchesOnly() {
        RedisJoinStore store = store(HOUR);
        store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join();
        store.applyLeft(key("A"), "orders.1", 7, "orders/1/7", bytes("o2")).join();
        store.applyLeft(key("B"), "orders.1", 8, "orders/1/8", bytes("o3")).join();

        assertThat(store.applyRight(key("A"), "payments.4", 1, "payments/4/1", bytes("card")).join())
                .isEqualTo(new Applied(Applied.Outcome.KEPT, 2));
        store.applyRight(key("A"), "payments.4", 2, "payments/4/2", bytes("cash")).join();
        assertThat(store.applyLeft(key("A"), "orders.0", 2, "orders/0/2", bytes("o4")).join().outcome())
                .isEqualTo(Applied.Outcome.JOINED);

        assertThat(store.outbox(shardOf(store, "A"), null, 10).join()).extracting(Fate::position, f -> string(f.right()))
                .containsExactlyInAnyOrder(Tuple.tuple("orders/0/1", "card"), Tuple.tuple("orders/1/7", "card"),
                        Tuple.tuple("orders/0/2", "cash"));
        assertThat(store.state().join().waiting()).isEqualTo(1);
    }

    @Test
    void eventsWhoseWindowEndedExpireLeftAsUnmatchedAndRightWithTheirBytes() {
        RedisJoinStore store = store(new JoinLimits(Duration.ofMillis(300), Duration.ofMillis(300), 1_000, 1 << 20));
        store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join();
        store.applyRight(key("B"), "payments.0", 1, "payments/0/1", bytes("p1")).join();
        assertThat(store.state().join().bytes()).isPositive();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int shard = 0; shard < SHARDS; shard++) {
                store.expire(shard, 100).join();
            }
            return store.state().join().bytes() == 0;
        });

        assertThat(allFates(store)).singleElement().satisfies(fate -> {
            assertThat(fate.kind()).isEqualTo(Fate.Kind.UNMATCHED);
            assertThat(fate.left()).isEqualTo(bytes("o1"));
        });
        assertThat(store.state().join()).isEqualTo(new RedisJoinStore.State(0, 0));
    }

    @Test
    void theOutboxIsReadAfterAnIdAndTrimmedThroughOne() {
        RedisJoinStore store = store(HOUR);
        store.applyRight(key("A"), "payments.0", 1, "payments/0/1", bytes("p")).join();
        for (int i = 1; i <= 5; i++) {
            store.applyLeft(key("A"), "orders.0", i, "orders/0/" + i, bytes("o" + i)).join();
        }
        int shard = shardOf(store, "A");
        List<Fate> all = store.outbox(shard, null, 10).join();

        assertThat(store.outbox(shard, all.get(1).id(), 10).join()).extracting(Fate::position)
                .containsExactly("orders/0/3", "orders/0/4", "orders/0/5");
        store.trimOutbox(shard, all.get(2).id()).join();
        assertThat(store.outbox(shard, null, 10).join()).extracting(Fate::position).containsExactly("orders/0/4", "orders/0/5");
    }

    @Test
    void eachShardsLeaseIsHeldByOneReplicaUntilItGivesItUp() {
        RedisJoinStore store = store(HOUR);
        Duration lease = Duration.ofSeconds(30);
        for (int shard = 0; shard < SHARDS; shard++) {
            assertThat(store.lease(shard, "replica-1", lease, true, true).join()).as("shard %d taken", shard).isTrue();
            assertThat(store.lease(shard, "replica-2", lease, true, true).join()).as("shard %d held", shard).isFalse();
            assertThat(store.lease(shard, "replica-1", lease, false, true).join()).as("shard %d kept", shard).isTrue();
            assertThat(store.lease(shard, "replica-1", lease, false, false).join()).as("shard %d given up", shard).isFalse();
            assertThat(store.lease(shard, "replica-2", lease, true, true).join()).as("shard %d taken over", shard).isTrue();
        }
    }

    @Test
    void heartbeatsCountThePipelinesReplicasAndOneLeavingIsGoneAtOnce() {
        RedisJoinStore store = store(HOUR);
        Duration alive = Duration.ofSeconds(30);

        assertThat(store.heartbeat("replica-1", alive).join()).isEqualTo(1);
        assertThat(store.heartbeat("replica-2", alive).join()).isEqualTo(2);
        store.leave("replica-2").join();
        assertThat(store.heartbeat("replica-1", alive).join()).isEqualTo(1);
    }

    @Test
    void stateAndSentinelsAreCountedOverEveryMaster() {
        RedisJoinStore store = store(HOUR);
        long payload = 0;
        for (int i = 0; i < 200; i++) {
            store.applyLeft(key("k" + i), "orders.0", i + 1, "orders/0/" + i, bytes("o" + i)).join();
            payload += ("orders/0/" + i).length() + ("o" + i).length();
        }

        assertThat(store.state().join()).isEqualTo(new RedisJoinStore.State(200, payload));
        assertThat(store.sentinels().join()).isEqualTo(new RedisJoinStore.Sentinels(SHARDS, SHARDS));
    }

    @Test
    void aShardWhoseSentinelIsGoneRefusesItsEventsAsLostState() {
        RedisJoinStore store = store(HOUR);
        int lost = shardOf(store, "A");
        inspector.sync().del(store.layout().shard(lost).sentinel());
        String elsewhere = keyNotIn(store, lost);

        assertThatThrownBy(() -> store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(JoinStateLostException.class)
                .hasMessageContaining("join shard " + lost);
        assertThat(store.applyLeft(key(elsewhere), "orders.0", 2, "orders/0/2", bytes("o2")).join().outcome())
                .isEqualTo(Applied.Outcome.WAITING);
        assertThat(store.sentinels().join().present()).isEqualTo(SHARDS - 1);
    }

    @Test
    void theServerIsEveryMasterOfTheCluster() {
        try (RedisServerInfo info = RedisServerInfo.connectCluster(seeds, Duration.ofSeconds(10))) {
            var server = info.serverInfo();

            assertThat(server.runId().split(",")).hasSize(3).allSatisfy(runId -> assertThat(runId).hasSize(40));
            assertThat(server.aofEnabled()).isTrue();
            assertThat(server.maxmemoryPolicy()).isEqualTo("noeviction");
        }
    }

    private RedisJoinStore store(JoinLimits limits) {
        RedisJoinStore store = RedisJoinStore.connectCluster(seeds,
                new JoinStateLayout(PREFIX, "p" + PIPELINES.incrementAndGet(), SHARDS), limits, Duration.ofSeconds(10));
        stores.add(store);
        // What the JoinStateGuard does before a pipeline's first event.
        store.writeSentinels("test", false).join();
        return store;
    }

    /** A store on the same pipeline's state, with its own client, not used yet. */
    private RedisJoinStore anotherReplica(RedisJoinStore store) {
        RedisJoinStore other = RedisJoinStore.connectCluster(seeds, store.layout(), HOUR, Duration.ofSeconds(10));
        stores.add(other);
        return other;
    }

    private static String masterOf(byte[] key) {
        return inspector.getPartitions().getMasterBySlot(SlotHash.getSlot(key)).getNodeId();
    }

    private static int shardOf(RedisJoinStore store, String key) {
        return store.layout().shardOf(JoinStateLayout.keyHash(key(key)));
    }

    private static String keyNotIn(RedisJoinStore store, int shard) {
        for (int i = 0;; i++) {
            if (shardOf(store, "other" + i) != shard) {
                return "other" + i;
            }
        }
    }

    private static List<Fate> allFates(RedisJoinStore store) {
        List<Fate> fates = new ArrayList<>();
        for (int shard = 0; shard < store.layout().shards(); shard++) {
            fates.addAll(store.outbox(shard, null, 100_000).join());
        }
        return fates;
    }

    private static byte[] key(String key) {
        return bytes(key);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}

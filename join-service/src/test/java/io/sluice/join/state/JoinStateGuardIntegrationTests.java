package io.sluice.join.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.redis.RedisServerWatch;
import io.sluice.worker.redis.ServerInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The join's guard against a Redis that lost its state, on the real Redis: the loss is injected by
 * deleting every key of the pipeline (what a flush, or a restart without persistence, leaves).
 */
@RealServers(RealServer.REDIS)
class JoinStateGuardIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(JoinStateGuardIntegrationTests.class);

    private static final String PREFIX = NAMESPACE.redisPrefix() + Long.toString(System.currentTimeMillis(), 36) + ":";

    private final RedisJoinStore store = RedisJoinStore.connect(RedisURI.create(LocalEndpoints.fromEnvironment().redisUri()),
            new JoinStateLayout(PREFIX, "orders", 4), new JoinLimits(Duration.ofHours(1), Duration.ofHours(1), 100, 1 << 20),
            Duration.ofSeconds(10));

    // What the service's watch sees of the server; a test changes it, then has the watch look.
    private ServerInfo server = new ServerInfo("run-1", true, "noeviction", 0, 100);

    private final RedisServerWatch watch = new RedisServerWatch(() -> server, Duration.ofSeconds(2), Clock.systemUTC(),
            "join state");

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aFlushedStateStopsTheJoinUntilTheLossIsAcknowledged() throws Exception {
        JoinStateGuard guard = new JoinStateGuard("orders", store, () -> false, watch, Clock.systemUTC());
        guard.beforeApply();
        assertThat(store.sentinels().join().present()).as("written before the first event").isEqualTo(4);
        store.applyLeft(bytes("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join();

        deleteThePipelinesKeys();

        assertThatThrownBy(() -> store.applyLeft(bytes("B"), "orders.0", 2, "orders/0/2", bytes("o2")).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(JoinStateLostException.class,
                        refusal -> guard.refused(refusal));
        assertThat(guard.lossMessage()).startsWith("Redis lost the join state at ").contains("is gone from Redis")
                .endsWith("Pause and resume the pipeline to acknowledge and continue");
        assertThatThrownBy(guard::beforeApply).isInstanceOf(JoinStateLostException.class);

        guard.acknowledge();

        assertThat(guard.lossMessage()).isNull();
        guard.beforeApply();
        assertThat(store.applyLeft(bytes("B"), "orders.0", 2, "orders/0/2", bytes("o2")).join().outcome())
                .isEqualTo(Applied.Outcome.WAITING);
    }

    @Test
    void aReplicaStartingOnAStateThatIsGoneAfterEventsWereAppliedStopsBeforeApplyingAny() throws Exception {
        new JoinStateGuard("orders", store, () -> false, watch, Clock.systemUTC()).beforeApply();
        store.applyLeft(bytes("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join();
        deleteThePipelinesKeys();

        JoinStateGuard restarted = new JoinStateGuard("orders", store, () -> true, watch, Clock.systemUTC());

        assertThatThrownBy(restarted::beforeApply).isInstanceOf(JoinStateLostException.class)
                .hasMessageContaining("4 of 4 join shards lost their sentinel key");
        assertThat(store.sentinels().join().present()).as("no fresh sentinel hides the loss from other replicas").isZero();
    }

    @Test
    void aLossOnlyTheServerShowsStopsTheJoinToo() throws Exception {
        watch.look();
        JoinStateGuard guard = new JoinStateGuard("orders", store, () -> false, watch, Clock.systemUTC());
        guard.beforeApply();

        // Restarted from an older snapshot without AOF: the sentinels came back, recent state did not.
        server = new ServerInfo("run-2", false, "noeviction", 0, 1);
        watch.look();

        assertThatThrownBy(guard::beforeApply).isInstanceOf(JoinStateLostException.class)
                .hasMessageContaining("Redis restarted without AOF (appendonly no) (found at ");
        assertThat(guard.warnings()).containsExactly(
                "Redis runs with appendonly no: a restart loses join state (then detected and reported)");
        guard.acknowledge();
        guard.beforeApply();
        assertThat(guard.lossMessage()).isNull();
    }

    private void deleteThePipelinesKeys() {
        RedisClient client = RedisClient.create(RedisURI.create(LocalEndpoints.fromEnvironment().redisUri()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = new ArrayList<>();
            ScanArgs pattern = ScanArgs.Builder.matches("*" + PREFIX + "join:orders:*").limit(10_000);
            KeyScanCursor<String> cursor = connection.sync().scan(pattern);
            keys.addAll(cursor.getKeys());
            while (!cursor.isFinished()) {
                cursor = connection.sync().scan(cursor, pattern);
                keys.addAll(cursor.getKeys());
            }
            assertThat(keys).isNotEmpty();
            connection.sync().del(keys.toArray(String[]::new));
        } finally {
            client.shutdown();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

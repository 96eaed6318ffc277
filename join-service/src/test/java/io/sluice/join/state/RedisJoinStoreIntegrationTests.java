package io.sluice.join.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisURI;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The join state against the real Redis: what each event does, that a batch applied twice
 * changes nothing twice, that windows and caps hold, and that replicas racing on shared keys
 * decide every left event exactly once.
 */
@RealServers(RealServer.REDIS)
class RedisJoinStoreIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(RedisJoinStoreIntegrationTests.class);

    private static final JoinLimits HOUR = new JoinLimits(Duration.ofHours(1), Duration.ofHours(1), 1_000, 64L * 1024 * 1024);

    private static final AtomicInteger PIPELINES = new AtomicInteger();

    // State of an earlier run stays in the machine's Redis: each run has keys of its own.
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private final List<RedisJoinStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(RedisJoinStore::close);
    }

    @Test
    void aLeftEventMeetsTheRightEventKeptForItsKeyAtOnce() {
        RedisJoinStore store = store(1, HOUR);

        assertThat(store.applyRight(key("A"), "payments.0", 1, "payments/0/1", bytes("p1")).join())
                .isEqualTo(new Applied(Applied.Outcome.KEPT, 0));
        assertThat(store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join().outcome())
                .isEqualTo(Applied.Outcome.JOINED);

        List<Fate> fates = store.outbox(0, null, 10).join();
        assertThat(fates).singleElement().satisfies(fate -> {
            assertThat(fate.kind()).isEqualTo(Fate.Kind.JOINED);
            assertThat(fate.position()).isEqualTo("orders/0/1");
            assertThat(fate.left()).isEqualTo(bytes("o1"));
            assertThat(fate.right()).isEqualTo(bytes("p1"));
        });
    }

    @Test
    void leftEventsWaitUntilTheirPartnerArrivesAndAllAreReleasedByIt() {
        RedisJoinStore store = store(1, HOUR);

        assertThat(store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join().outcome())
                .isEqualTo(Applied.Outcome.WAITING);
        store.applyLeft(key("A"), "orders.1", 7, "orders/1/7", bytes("o2")).join();
        store.applyLeft(key("B"), "orders.1", 8, "orders/1/8", bytes("o3")).join();
        assertThat(store.waiting(0).join()).isEqualTo(3);

        assertThat(store.applyRight(key("A"), "payments.4", 1, "payments/4/1", bytes("p1")).join())
                .isEqualTo(new Applied(Applied.Outcome.KEPT, 2));

        assertThat(store.outbox(0, null, 10).join()).extracting(Fate::position, f -> string(f.right()))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("orders/0/1", "p1"),
                        org.assertj.core.groups.Tuple.tuple("orders/1/7", "p1"));
        assertThat(store.waiting(0).join()).isEqualTo(1);
    }

    @Test
    void aNewerRightEventReplacesTheOlderForLaterMatchesOnly() {
        RedisJoinStore store = store(1, HOUR);
        store.applyRight(key("A"), "payments.0", 1, "payments/0/1", bytes("card")).join();
        store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join();
        store.applyRight(key("A"), "payments.1", 1, "payments/1/1", bytes("cash")).join();
        store.applyLeft(key("A"), "orders.0", 2, "orders/0/2", bytes("o2")).join();

        assertThat(store.outbox(0, null, 10).join()).extracting(f -> string(f.left()) + "+" + string(f.right()))
                .containsExactly("o1+card", "o2+cash");
    }

    @Test
    void aBatchAppliedAgainChangesNothingTwice() {
        RedisJoinStore store = store(4, HOUR);
        for (int round = 0; round < 2; round++) {
            for (int i = 1; i <= 20; i++) {
                store.applyLeft(key("k" + i), "orders.0", i, "orders/0/" + i, bytes("o" + i)).join();
            }
            for (int i = 1; i <= 10; i++) {
                Applied applied = store.applyRight(key("k" + i), "payments.0", i, "payments/0/" + i, bytes("p" + i)).join();
                assertThat(applied.outcome()).isEqualTo(round == 0 ? Applied.Outcome.KEPT : Applied.Outcome.ALREADY_APPLIED);
            }
        }

        assertThat(allFates(store)).extracting(Fate::position).hasSize(10).doesNotHaveDuplicates();
        assertThat(waiting(store)).isEqualTo(10);
    }

    @Test
    void aWholeBatchSpreadOverShardsIsAppliedInItsOrderAndOnlyOnce() {
        RedisJoinStore store = store(4, HOUR);
        List<RedisJoinStore.Pending> batch = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            batch.add(RedisJoinStore.Pending.right(key("k" + i), "payments.0", 2 * i, "payments/0/" + (2 * i), bytes("p" + i)));
            // Each left event comes right after its partner in the same batch: joined at once.
            batch.add(RedisJoinStore.Pending.left(key("k" + i), "payments.0", 2 * i + 1, "orders/0/" + i, bytes("o" + i)));
        }
        batch.add(RedisJoinStore.Pending.invalid("payments.0", 1_000, "payments/0/1000", bytes("{"), "not valid JSON"));

        List<Applied> first = store.applyAll(batch).join();
        List<Applied> again = store.applyAll(batch).join();

        assertThat(first.get(0).outcome()).isEqualTo(Applied.Outcome.KEPT);
        assertThat(first.get(1).outcome()).isEqualTo(Applied.Outcome.JOINED);
        assertThat(first.get(200).outcome()).isEqualTo(Applied.Outcome.OVERFLOW);
        assertThat(again).extracting(Applied::outcome).containsOnly(Applied.Outcome.ALREADY_APPLIED);
        assertThat(allFates(store)).hasSize(101).filteredOn(fate -> fate.kind() == Fate.Kind.JOINED)
                .allSatisfy(fate -> assertThat(string(fate.right()).substring(1)).isEqualTo(string(fate.left()).substring(1)));
    }

    @Test
    void aLeftEventWhoseWindowEndedIsUnmatchedOnceEvenIfItsPartnerComesBeforeTheExpiryRuns() throws Exception {
        RedisJoinStore store = store(1, new JoinLimits(Duration.ofMillis(300), Duration.ofHours(1), 1_000, 1 << 20));
        store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join();
        Thread.sleep(500);

        assertThat(store.applyRight(key("A"), "payments.0", 1, "payments/0/1", bytes("late")).join().released()).isZero();
        assertThat(store.expire(0, 100).join()).isEqualTo(1);
        assertThat(store.expire(0, 100).join()).isZero();

        assertThat(store.outbox(0, null, 10).join()).singleElement().satisfies(fate -> {
            assertThat(fate.kind()).isEqualTo(Fate.Kind.UNMATCHED);
            assertThat(fate.left()).isEqualTo(bytes("o1"));
            assertThat(fate.right()).isNull();
        });
        assertThat(store.stateBytes(0).join()).as("only the late right event is held").isEqualTo(
                ("payments/0/1|late").length() + String.valueOf(System.currentTimeMillis()).length() + 1);
    }

    @Test
    void aRightEventOlderThanItsWindowMatchesNothingAndExpiresWithItsBytes() throws Exception {
        RedisJoinStore store = store(1, new JoinLimits(Duration.ofHours(1), Duration.ofMillis(300), 1_000, 1 << 20));
        store.applyRight(key("A"), "payments.0", 1, "payments/0/1", bytes("old")).join();
        Thread.sleep(500);

        assertThat(store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", bytes("o1")).join().outcome())
                .isEqualTo(Applied.Outcome.WAITING);
        store.expire(0, 100).join();

        assertThat(store.outbox(0, null, 10).join()).isEmpty();
        assertThat(store.stateBytes(0).join()).as("the waiting left event only").isEqualTo(("orders/0/1o1").length());
    }

    @Test
    void aKeyFloodedPastItsCapSendsTheOverflowToTheOutboxWithTheReason() {
        RedisJoinStore store = store(1, new JoinLimits(Duration.ofHours(1), Duration.ofHours(1), 3, 1 << 20));
        for (int i = 1; i <= 5; i++) {
            store.applyLeft(key("hot"), "orders.0", i, "orders/0/" + i, bytes("o" + i)).join();
        }

        assertThat(store.outbox(0, null, 10).join()).extracting(Fate::kind, Fate::position, Fate::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Fate.Kind.OVERFLOW, "orders/0/4",
                        "join buffer of its key is full: 3 left events wait for a partner already"),
                org.assertj.core.groups.Tuple.tuple(Fate.Kind.OVERFLOW, "orders/0/5",
                        "join buffer of its key is full: 3 left events wait for a partner already"));
        assertThat(store.waiting(0).join()).isEqualTo(3);
    }

    @Test
    void stateStaysUnderItsByteCap() {
        long cap = 2_000;
        RedisJoinStore store = store(1, new JoinLimits(Duration.ofHours(1), Duration.ofHours(1), 1_000, cap));
        int overflowed = 0;
        for (int i = 1; i <= 100; i++) {
            Applied applied = store.applyLeft(key("k" + i), "orders.0", i, "orders/0/" + i, bytes("x".repeat(50))).join();
            overflowed += applied.outcome() == Applied.Outcome.OVERFLOW ? 1 : 0;
        }

        assertThat(store.stateBytes(0).join()).isLessThanOrEqualTo(cap);
        assertThat(overflowed).isGreaterThan(60);
        assertThat(store.outbox(0, null, 200).join()).allSatisfy(fate ->
                assertThat(fate.reason()).startsWith("join state is full: "));
    }

    @Test
    void theOutboxIsReadAfterAnIdAndTrimmedThroughOne() {
        RedisJoinStore store = store(1, HOUR);
        store.applyRight(key("A"), "payments.0", 1, "payments/0/1", bytes("p")).join();
        for (int i = 1; i <= 5; i++) {
            store.applyLeft(key("A"), "orders.0", i, "orders/0/" + i, bytes("o" + i)).join();
        }
        List<Fate> all = store.outbox(0, null, 10).join();

        assertThat(store.outbox(0, all.get(1).id(), 10).join()).extracting(Fate::position)
                .containsExactly("orders/0/3", "orders/0/4", "orders/0/5");
        store.trimOutbox(0, all.get(2).id()).join();
        assertThat(store.outbox(0, null, 10).join()).extracting(Fate::position).containsExactly("orders/0/4", "orders/0/5");
    }

    /**
     * Two replicas, each with its own connection, apply the two sides of 2,000 keys in shuffled
     * lanes at once, then both run the expiry: every left event has exactly one fate.
     */
    @Test
    void twoReplicasRacingOnSharedKeysDecideEveryLeftEventExactlyOnce() throws Exception {
        // Long enough that every right event surely comes within its partner's window on a loaded machine.
        Duration leftWindow = Duration.ofSeconds(10);
        JoinLimits limits = new JoinLimits(leftWindow, Duration.ofHours(1), 1_000, 64L * 1024 * 1024);
        long started = System.nanoTime();
        int pipeline = PIPELINES.incrementAndGet();
        RedisJoinStore first = store(pipeline, 8, limits);
        RedisJoinStore second = store(pipeline, 8, limits);
        int keys = 2_000;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            // Lefts in 2 lanes (one per replica), rights of 90% of the keys in 3 lanes split over both replicas.
            for (int lane = 0; lane < 2; lane++) {
                int l = lane;
                RedisJoinStore store = l == 0 ? first : second;
                work.add(threads.submit(() -> {
                    List<CompletableFuture<Applied>> sent = new ArrayList<>();
                    for (int i = l; i < keys; i += 2) {
                        sent.add(store.applyLeft(key("k" + i), "orders." + l, i, "orders/" + l + "/" + i, bytes("o" + i)));
                    }
                    sent.forEach(CompletableFuture::join);
                }));
            }
            for (int lane = 0; lane < 3; lane++) {
                int l = lane;
                RedisJoinStore store = l == 1 ? first : second;
                work.add(threads.submit(() -> {
                    List<CompletableFuture<Applied>> sent = new ArrayList<>();
                    for (int i = keys - 1 - l; i >= 0; i -= 3) {
                        if (i % 10 != 0) {
                            sent.add(store.applyRight(key("k" + i), "payments." + l, keys - i, "payments/" + l + "/" + i,
                                    bytes("p" + i)));
                        }
                    }
                    sent.forEach(CompletableFuture::join);
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("all applied inside the left window").isLessThan(leftWindow);
            // Every left event's window, counted from its own arrival, has ended after this.
            Thread.sleep(leftWindow.plusMillis(300).toMillis());
            List<Future<?>> expiries = new ArrayList<>();
            for (RedisJoinStore store : List.of(first, second)) {
                expiries.add(threads.submit(() -> {
                    for (int shard = 0; shard < 8; shard++) {
                        while (store.expire(shard, 50).join() > 0) {
                            // keep going until the shard has nothing due
                        }
                    }
                }));
            }
            for (Future<?> future : expiries) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }

        List<Fate> fates = allFates(first);
        Set<String> positions = new HashSet<>();
        fates.forEach(fate -> assertThat(positions.add(fate.position())).as("one fate for " + fate.position()).isTrue());
        assertThat(positions).hasSize(keys);
        assertThat(fates).filteredOn(fate -> fate.kind() == Fate.Kind.UNMATCHED).hasSize(keys / 10)
                .allSatisfy(fate -> assertThat(Integer.parseInt(string(fate.left()).substring(1)) % 10).isZero());
        assertThat(fates).filteredOn(fate -> fate.kind() == Fate.Kind.JOINED)
                .allSatisfy(fate -> assertThat(string(fate.right()).substring(1)).isEqualTo(string(fate.left()).substring(1)));
        assertThat(waiting(first)).isZero();
    }

    /**
     * Redis memory per waiting left event and per kept right event, beyond the event's own bytes
     * (MEMORY USAGE of every key of the shard, 10,000 of each): the figure docs/join.md gives.
     */
    @Test
    void aWaitingEventCostsRedisLittleMoreThanItsOwnBytes() {
        int events = 10_000;
        String json = "{\"order_id\": \"o-%06d\", \"customer\": {\"id\": 42}, \"amount\": 123.45, \"note\": \"%s\"}";
        RedisJoinStore lefts = store(1, HOUR);
        RedisJoinStore rights = store(1, HOUR);
        List<CompletableFuture<Applied>> sent = new ArrayList<>();
        long payload = 0;
        for (int i = 0; i < events; i++) {
            byte[] event = StateEventBytes.of(String.format(json, i, "x".repeat(100)));
            payload += event.length + ("orders/0/" + i).length();
            sent.add(lefts.applyLeft(key("k" + i), "orders.0", i, "orders/0/" + i, event));
            sent.add(rights.applyRight(key("k" + i), "payments.0", i, "orders/0/" + i, event));
        }
        sent.forEach(CompletableFuture::join);

        double leftOverhead = (memory(lefts) - payload) / (double) events;
        double rightOverhead = (memory(rights) - payload) / (double) events;
        System.out.printf("Redis memory beyond the event's bytes: %.0f B per waiting left event, %.0f B per kept right event%n",
                leftOverhead, rightOverhead);
        assertThat(leftOverhead).isLessThan(600);
        assertThat(rightOverhead).isLessThan(600);
    }

    private static long memory(RedisJoinStore store) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(LocalEndpoints.fromEnvironment().redisUri());
        try (var connection = client.connect()) {
            var redis = connection.sync();
            String tag = store.layout().shard(0).tag();
            long total = 0;
            io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
            do {
                var page = redis.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(tag.replace("{", "\\{").replace("}", "\\}") + "*").limit(1000));
                for (String key : page.getKeys()) {
                    Long usage = redis.memoryUsage(key);
                    total += usage == null ? 0 : usage;
                }
                cursor = page;
            } while (!cursor.isFinished());
            return total;
        } finally {
            client.shutdown();
        }
    }

    /** Events as the lanes hand them to the store. */
    private static final class StateEventBytes {
        static byte[] of(String json) {
            return StateEvent.encode(1_700_000_000_000L, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private RedisJoinStore store(int shards, JoinLimits limits) {
        return store(PIPELINES.incrementAndGet(), shards, limits);
    }

    private RedisJoinStore store(int pipeline, int shards, JoinLimits limits) {
        RedisJoinStore store = RedisJoinStore.connect(RedisURI.create(LocalEndpoints.fromEnvironment().redisUri()),
                new JoinStateLayout(NAMESPACE.redisPrefix() + RUN + ":", "p" + pipeline, shards), limits,
                Duration.ofSeconds(10));
        // What the JoinStateGuard does before a pipeline's first event.
        store.writeSentinels("test", false).join();
        stores.add(store);
        return store;
    }

    private static List<Fate> allFates(RedisJoinStore store) {
        List<Fate> fates = new ArrayList<>();
        for (int shard = 0; shard < store.layout().shards(); shard++) {
            fates.addAll(store.outbox(shard, null, 100_000).join());
        }
        return fates;
    }

    private static long waiting(RedisJoinStore store) {
        return store.state().join().waiting();
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

package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the store promises in either {@link ClaimLayout}: first wins, in order within a batch and
 * across its scripts, one flush per batch, the lane's guard, the window from the first claim. Each
 * layout's class runs these and adds its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisClaimsBehaviour {

    static final Duration LONG_WINDOW = Duration.ofMinutes(1);

    private static final FlushCounter FLUSHES = new FlushCounter();

    final TestNamespace names = TestNamespace.forClass(getClass());

    private ClientResources resources;

    RedisDedupStore store;

    private RedisClient inspectorClient;

    RedisCommands<byte[], byte[]> redis;

    private int sourceCounter;

    /** The layout the store keeps its claims in. */
    abstract ClaimLayout layout();

    /** The Redis key holding a key's claim, or null while no claim holds it. */
    abstract byte[] claimHolding(String source, String key);

    @BeforeAll
    void connect() {
        RedisURI uri = RedisURI.create(LocalEndpoints.fromEnvironment().redisUri());
        resources = DefaultClientResources.builder().nettyCustomizer(FLUSHES).build();
        store = RedisDedupStore.connect(uri, resources, names.redisPrefix(), Duration.ofSeconds(10))
            .withClaimLayout(layout());
        inspectorClient = RedisClient.create(uri);
        StatefulRedisConnection<byte[], byte[]> connection = inspectorClient.connect(ByteArrayCodec.INSTANCE);
        redis = connection.sync();
    }

    @AfterAll
    void close() {
        store.close();
        inspectorClient.shutdown();
        resources.shutdown();
    }

    @Test
    void firstClaimStoresItsPositionAndLaterClaimsGetItBack() {
        String source = newSource();

        List<PartitionOffset> first = claim(source, LONG_WINDOW, claim("k", 0, 10));
        List<PartitionOffset> later = claim(source, LONG_WINDOW, claim("k", 1, 99), claim("k", 0, 10));

        assertThat(first).containsExactly((PartitionOffset) null);
        assertThat(later).containsExactly(new PartitionOffset(0, 10), new PartitionOffset(0, 10));
    }

    @Test
    void guardedClaimsAreRefusedWithoutTouchingAnyKeyWhileTheLanesSentinelIsMissing() {
        String source = newSource();
        List<Claim> claims = keyedClaims(1500);

        assertThatThrownBy(() -> guardedClaim(source, claims)).isInstanceOf(StateLostException.class)
                .satisfies(e -> assertThat(((StateLostException) e).sentinel()).isNull());

        assertThat(scanAll(namespaceOf(source) + "*")).isEmpty();
    }

    @Test
    void guardedClaimsAreRefusedWhileTheSentinelMarksTheLaneLost() {
        String source = newSource();
        redis.set(RedisDedupStore.sentinelKey(names.redisPrefix(), "orders", source, "0"),
                key("lost 2026-12-04T12:00:00Z Redis evicted 3 keys"));

        assertThatThrownBy(() -> guardedClaim(source, List.of(claim("k", 0, 1)))).isInstanceOf(StateLostException.class)
                .satisfies(e -> assertThat(((StateLostException) e).sentinel())
                        .isEqualTo("lost 2026-12-04T12:00:00Z Redis evicted 3 keys"));
        assertThat(scanAll(namespaceOf(source) + "*")).isEmpty();
    }

    @Test
    void guardedClaimsBehaveAsPlainOnesWhileTheSentinelIsThere() {
        String source = newSource();
        redis.set(RedisDedupStore.sentinelKey(names.redisPrefix(), "orders", source, "0"),
                key("epoch 2026-12-04T12:00:00Z 0d6f"));
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            claims.add(claim("key-" + (i % 1100), 0, i));
        }

        List<PartitionOffset> previous = guardedClaim(source, claims);

        assertThat(previous.subList(0, 1100)).containsOnlyNulls();
        assertThat(previous.subList(1100, 1200)).containsExactlyElementsOf(
                IntStream.range(0, 100).mapToObj(i -> new PartitionOffset(0, i)).toList());
    }

    @Test
    void laterClaimOfAKeyInTheSameBatchSeesTheEarlierClaimsPosition() {
        String source = newSource();
        List<Claim> claims = new ArrayList<>(keyedClaims(500));
        for (int i = 0; i < 500; i++) {
            claims.add(claim("key-" + i, 0, 500 + i));
        }

        List<PartitionOffset> previous = store.claimFirst("orders", source, claims, LONG_WINDOW);

        assertThat(previous.subList(0, 500)).containsOnlyNulls();
        for (int i = 0; i < 500; i++) {
            assertThat(previous.get(500 + i)).isEqualTo(new PartitionOffset(0, i));
        }
    }

    @Test
    void orderHoldsAcrossTheScriptsOfALargeBatch() {
        String source = newSource();
        int keys = RedisDedupStore.KEYS_PER_SCRIPT * 2 + 500;
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            // Key i again 1,001 claims later: the repeat always lands in the next script.
            claims.add(claim("key-" + (i % (RedisDedupStore.KEYS_PER_SCRIPT + 1)), 0, i));
        }

        List<PartitionOffset> previous = store.claimFirst("orders", source, claims, LONG_WINDOW);

        for (int i = 0; i < keys; i++) {
            int firstIndex = i % (RedisDedupStore.KEYS_PER_SCRIPT + 1);
            assertThat(previous.get(i)).as("claim %d", i)
                .isEqualTo((firstIndex == i) ? null : new PartitionOffset(0, firstIndex));
        }
    }

    @Test
    void batchIsWrittenWithOneFlushAndAnsweredInOneRoundTrip() {
        String source = newSource();
        store.claimFirst("orders", source, List.of(claim("warm-up", 0, 0)), LONG_WINDOW);
        for (int size : new int[] { 1000, 2500 }) {
            List<Claim> claims = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                claims.add(claim(size + "-key-" + i, 0, i));
            }
            int before = FLUSHES.flushes();

            List<PartitionOffset> previous = store.claimFirst("orders", source, claims, LONG_WINDOW);

            assertThat(FLUSHES.flushes() - before).as("flushes for %d claims", size).isEqualTo(1);
            assertThat(previous).hasSize(size).containsOnlyNulls();
        }
    }

    @Test
    void duplicateClaimDoesNotExtendTheWindow() {
        String source = newSource();
        claim(source, Duration.ofSeconds(30), claim("k", 0, 1));
        long ttlAfterFirst = redis.pttl(claimHolding(source, "k"));

        claim(source, Duration.ofMinutes(10), claim("k", 0, 2));

        assertThat(redis.pttl(claimHolding(source, "k"))).isLessThanOrEqualTo(ttlAfterFirst);
        assertThat(claim(source, LONG_WINDOW, claim("k", 0, 3))).containsExactly(new PartitionOffset(0, 1));
    }

    @Test
    void keyIsFreeAgainOnceTheWindowPassed() {
        String source = newSource();
        claim(source, Duration.ofMillis(300), claim("k", 0, 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> claimHolding(source, "k") == null);

        assertThat(claim(source, Duration.ofMillis(300), claim("k", 0, 2))).containsExactly((PartitionOffset) null);
    }

    @Test
    void sameKeyInAnotherSourceOrPipelineIsAnotherKey() {
        String source = newSource();
        claim(source, LONG_WINDOW, claim("k", 0, 1));

        assertThat(store.claimFirst("orders", source + "-other", List.of(claim("k", 0, 2)), LONG_WINDOW))
            .containsOnlyNulls();
        assertThat(store.claimFirst("payments", source, List.of(claim("k", 0, 3)), LONG_WINDOW)).containsOnlyNulls();
    }

    @Test
    void positionsOutsideThePackedRangeAreStoredAndReadBack() {
        String source = newSource();
        PartitionOffset large = new PartitionOffset(40_000, Long.MAX_VALUE - 1);
        claim(source, LONG_WINDOW, new Claim(key("k"), large));

        assertThat(claim(source, LONG_WINDOW, claim("k", 0, 1))).containsExactly(large);
    }

    String namespaceOf(String source) {
        return new String(RedisKeyLayout.single(names.redisPrefix()).namespace("orders", source, 0), StandardCharsets.UTF_8);
    }

    List<byte[]> scanAll(String pattern) {
        return scanAll(redis, pattern);
    }

    /** Every key matching {@code pattern}, by SCAN. */
    static List<byte[]> scanAll(RedisCommands<byte[], byte[]> redis, String pattern) {
        List<byte[]> keys = new ArrayList<>();
        KeyScanCursor<byte[]> cursor = redis.scan(ScanArgs.Builder.matches(pattern).limit(10_000));
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(10_000));
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }

    List<PartitionOffset> guardedClaim(String source, List<Claim> claims) {
        try {
            return store.claimFirstGuardedAsync("orders", source, "0", claims, LONG_WINDOW).join();
        }
        catch (CompletionException ex) {
            throw (RuntimeException) ex.getCause();
        }
    }

    List<PartitionOffset> claim(String source, Duration window, Claim... claims) {
        return store.claimFirst("orders", source, List.of(claims), window);
    }

    /** {@code count} claims of keys {@code key-0}, {@code key-1}, … at offsets 0, 1, … of partition 0. */
    static List<Claim> keyedClaims(int count) {
        List<Claim> claims = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            claims.add(claim("key-" + i, 0, i));
        }
        return claims;
    }

    static Claim claim(String key, int partition, long offset) {
        return new Claim(key(key), new PartitionOffset(partition, offset));
    }

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hash(String key) {
        return Arrays.copyOf(RedisKeyLayout.hash(RedisKeyLayout.sha256(), key(key)), RedisKeyLayout.HASH_BYTES);
    }

    // Each test its own source, so no test sees another's keys.
    synchronized String newSource() {
        return "source-" + (++sourceCounter);
    }

}

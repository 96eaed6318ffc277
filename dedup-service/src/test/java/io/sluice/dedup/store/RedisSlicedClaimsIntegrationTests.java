package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import org.junit.jupiter.api.Test;

/**
 * The store in the {@link ClaimLayout#SLICES} layout, claims in small hashes per window slice:
 * {@link RedisClaimsBehaviour} and what the slices add (expiry by slice, levels, the upgrade from
 * the per-key layout, a shorter window).
 */
@RealServers(RealServer.REDIS)
class RedisSlicedClaimsIntegrationTests extends RedisClaimsBehaviour {

    @Override
    ClaimLayout layout() {
        return ClaimLayout.SLICES;
    }

    @Test
    void aClaimLivesAtLeastTheWindowAndAtMostHalfAWindowLonger() {
        String source = newSource();

        claim(source, Duration.ofSeconds(30), claim("k", 0, 1));

        assertThat(redis.pttl(claimHolding(source, "k"))).isBetween(29_000L, 45_000L);
    }

    @Test
    void claimsMadeUnderALongerWindowAreHonouredAfterTheWindowIsMadeShorter() throws InterruptedException {
        String source = newSource();
        claim(source, Duration.ofMinutes(10), claim("k", 0, 1));

        claim(source, Duration.ofMillis(200), claim("other", 0, 2));
        Thread.sleep(700);

        assertThat(claim(source, Duration.ofMillis(200), claim("k", 0, 3), claim("other", 0, 4)))
            .containsExactly(new PartitionOffset(0, 1), null);
    }

    @Test
    void aClaimOfTheLayoutBeforeTheSlicesIsHonouredAfterTheUpgrade() {
        String source = newSource();
        // What the version before wrote for a claim: SET <namespace><16 hash bytes> position NX PX window.
        byte[] namespace = RedisKeyLayout.single(names.redisPrefix()).namespace("orders", source, 0);
        byte[] legacyKey = Arrays.copyOf(namespace, namespace.length + 16);
        System.arraycopy(RedisKeyLayout.hash(RedisKeyLayout.sha256(), key("k")), 0, legacyKey, namespace.length, 16);
        redis.psetex(legacyKey, 60_000, StoredPosition.encode(new PartitionOffset(4, 44)));

        assertThat(claim(source, LONG_WINDOW, claim("k", 0, 1), claim("new", 0, 2)))
            .containsExactly(new PartitionOffset(4, 44), null);
        assertThat(claimHolding(source, "k")).isNull();
    }

    @Test
    void aSliceSpreadsItsClaimsOverMoreHashesAsItFillsAndEveryHashStaysSmall() {
        String source = newSource();
        List<Claim> claims = keyedClaims(20_000);

        assertThat(store.claimFirst("orders", source, claims, LONG_WINDOW)).containsOnlyNulls();

        List<byte[]> hashes = claimHashes(source);
        assertThat(hashes.stream().mapToLong(redis::hlen).sum()).isEqualTo(20_000);
        // 32 claims at level 0, then 16 hashes up to 512 claims, 256 up to 8,192, then 4,096.
        assertThat(hashes).hasSizeBetween(256, 1 + 16 + 256 + 4096);
        assertThat(hashes).allSatisfy(hash -> {
            assertThat(redis.hlen(hash)).isLessThanOrEqualTo(128);
            assertThat(redis.objectEncoding(hash)).isIn("listpack", "ziplist");
        });
        List<PartitionOffset> again = store.claimFirst("orders", source, claims, LONG_WINDOW);
        for (int i = 0; i < 20_000; i++) {
            assertThat(again.get(i)).as("claim %d", i).isEqualTo(new PartitionOffset(0, i));
        }
    }

    @Test
    void aSliceThatWentUpALevelMovesItsLowerLevelsClaimsUpSoThatALookUpReadsOneLevel() {
        String source = newSource();
        List<Claim> claims = keyedClaims(10_000);
        store.claimFirst("orders", source, claims, LONG_WINDOW);

        // Later scripts move what is left below the highest level (273 hashes of levels 0, 4 and 8, 32 a script).
        for (int script = 0; script < 10; script++) {
            store.claimFirst("orders", source, List.of(claim("later-" + script, 0, 10_000 + script)), LONG_WINDOW);
        }

        List<byte[]> hashes = claimHashes(source);
        assertThat(hashes).allSatisfy(hash -> assertThat(new String(hash, StandardCharsets.ISO_8859_1)).matches("(?s).*:12:.."));
        assertThat(hashes.stream().mapToLong(redis::hlen).sum()).isEqualTo(10_010);
        List<PartitionOffset> again = store.claimFirst("orders", source, claims, LONG_WINDOW);
        for (int i = 0; i < 10_000; i++) {
            assertThat(again.get(i)).as("claim %d", i).isEqualTo(new PartitionOffset(0, i));
        }
    }

    @Test
    void aNewSliceStartsAtTheLevelItsPredecessorEndedAtAndTheOldSliceIsStillRead() throws InterruptedException {
        String source = newSource();
        Duration window = Duration.ofSeconds(4);
        List<Claim> first = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            first.add(claim("first-" + i, 0, i));
        }
        awaitSliceStart(2_000);
        store.claimFirst("orders", source, first, window);

        awaitSliceStart(2_000);
        List<PartitionOffset> later = store.claimFirst("orders", source,
                List.of(claim("first-0", 1, 0), claim("first-4999", 1, 1), claim("second", 1, 2)), window);

        assertThat(later).containsExactly(new PartitionOffset(0, 0), new PartitionOffset(0, 4999), null);
        // 5,000 claims ended the first slice at level 8 (256 hashes): the next starts there.
        assertThat(claimHashes(source)).anySatisfy(hash -> assertThat(new String(hash, StandardCharsets.ISO_8859_1))
            .matches("(?s).*w\\d+-2000:8:.").contains("w" + sliceStart(2_000) + "-"));
    }

    @Test
    void claimsAreFieldsOfSixteenHashBytesWithIntegerPositionsInASmallHashOfTheirSlice() {
        String source = newSource();
        claim(source, LONG_WINDOW, claim("a fairly long key value that would make a big key if not hashed", 7, 123_456_789),
                claim("b", 2, 3));

        List<byte[]> hashes = claimHashes(source);

        assertThat(hashes).hasSize(1);
        assertThat(redis.objectEncoding(hashes.get(0))).isIn("listpack", "ziplist");
        assertThat(redis.hkeys(hashes.get(0))).hasSize(2).allSatisfy(field -> assertThat(field).hasSize(16));
        assertThat(redis.hget(hashes.get(0), hash("b"))).asString(StandardCharsets.US_ASCII)
            .isEqualTo(Long.toString((2L << 48) | 3));
    }

    private List<byte[]> claimHashes(String source) {
        return scanAll(namespaceOf(source) + "*").stream().filter(RedisKeyLayout::isClaimHash).toList();
    }

    @Override
    byte[] claimHolding(String source, String key) {
        return claimHashes(source).stream().filter(hash -> redis.hexists(hash, hash(key))).findFirst().orElse(null);
    }

    private long sliceStart(long sliceMillis) {
        List<byte[]> time = redis.time();
        long now = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1000
                + Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII)) / 1000;
        return now / sliceMillis * sliceMillis;
    }

    // Waits, by Redis's clock, for the next slice to begin.
    private void awaitSliceStart(long sliceMillis) {
        long current = sliceStart(sliceMillis);
        await().atMost(Duration.ofMillis(sliceMillis * 2)).pollInterval(Duration.ofMillis(10))
            .until(() -> sliceStart(sliceMillis) != current);
    }

}

package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.SlotHash;

import org.junit.jupiter.api.Test;

class RedisKeyLayoutTests {

    private final MessageDigest sha256 = RedisKeyLayout.sha256();

    @Test
    void keyIsThePipelineSourceNamespaceAndSixteenBytesOfSha256() throws Exception {
        byte[] namespace = RedisKeyLayout.single("sluice:").namespace("orders", "web", 0);
        byte[] canonical = "s\u0003A-1".getBytes(StandardCharsets.UTF_8);

        byte[] key = RedisKeyLayout.key(namespace, this.sha256, canonical);

        assertThat(new String(namespace, StandardCharsets.UTF_8)).isEqualTo("sluice:dedup:orders:web:");
        assertThat(key).hasSize(namespace.length + 16);
        assertThat(Arrays.copyOfRange(key, namespace.length, key.length))
            .isEqualTo(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(canonical), 16));
    }

    @Test
    void everyKeyHasTheSameSizeWhateverTheCanonicalKeyHolds() {
        byte[] namespace = RedisKeyLayout.single("").namespace("p", "s", 0);

        assertThat(RedisKeyLayout.key(namespace, this.sha256, new byte[0])).hasSize(namespace.length + 16);
        assertThat(RedisKeyLayout.key(namespace, this.sha256, new byte[10_000])).hasSize(namespace.length + 16);
    }

    @Test
    void sameCanonicalKeyInAnotherSourceIsAnotherRedisKey() {
        RedisKeyLayout layout = RedisKeyLayout.single("sluice:");
        byte[] canonical = { 'n', 1, '7' };

        assertThat(RedisKeyLayout.key(layout.namespace("orders", "web", 0), this.sha256, canonical))
            .isNotEqualTo(RedisKeyLayout.key(layout.namespace("orders", "app", 0), this.sha256, canonical))
            .isNotEqualTo(RedisKeyLayout.key(layout.namespace("payments", "web", 0), this.sha256, canonical))
            .isEqualTo(RedisKeyLayout.key(layout.namespace("orders", "web", 0), this.sha256, canonical));
    }

    @Test
    void idWithTheSeparatorIsRefusedSoNamespacesCannotOverlap() {
        RedisKeyLayout layout = RedisKeyLayout.single("");

        assertThatThrownBy(() -> layout.namespace("a:b", "c", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.namespace("a", "", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void singleRedisSentinelIsOutsideTheClaimNamespaceAsBefore() {
        assertThat(RedisKeyLayout.single("sluice:").sentinels("orders", "web", "3")).singleElement()
            .satisfies(key -> assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("sluice:dedup-sentinel:orders:web:3"));
    }

    @Test
    void onAClusterEachBucketIsAHashTagOfItsOwnAndItsSentinelsShareItsSlot() {
        RedisKeyLayout layout = RedisKeyLayout.cluster("sluice:");

        byte[] namespace = layout.namespace("orders", "web", 17);
        byte[] sentinel = layout.sentinel("orders", "web", "3", 17);

        assertThat(new String(namespace, StandardCharsets.UTF_8)).isEqualTo("{sluice:dedup:orders:web:17}");
        assertThat(new String(sentinel, StandardCharsets.UTF_8)).isEqualTo("{sluice:dedup:orders:web:17}sentinel-of-lane:3");
        assertThat(SlotHash.getSlot(sentinel)).isEqualTo(SlotHash.getSlot(RedisKeyLayout.key(namespace, this.sha256, new byte[] { 1 })));
        assertThat(layout.sentinels("orders", "web", "3")).hasSize(RedisKeyLayout.CLUSTER_BUCKETS);
    }

    @Test
    void aKeyAlwaysFallsIntoTheSameBucketAndKeysSpreadOverAllBuckets() {
        RedisKeyLayout layout = RedisKeyLayout.cluster("");
        Set<Integer> buckets = new HashSet<>();

        for (int i = 0; i < 5000; i++) {
            byte[] canonical = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            int bucket = layout.bucket(RedisKeyLayout.hash(this.sha256, canonical));
            assertThat(layout.bucket(RedisKeyLayout.hash(this.sha256, canonical))).isEqualTo(bucket);
            buckets.add(bucket);
        }

        assertThat(buckets).hasSize(RedisKeyLayout.CLUSTER_BUCKETS);
        assertThat(RedisKeyLayout.single("").bucket(RedisKeyLayout.hash(this.sha256, new byte[] { 7 }))).isZero();
    }

    @Test
    void theBucketsOfOneSourceSpreadOverTheSlotsOfEveryMasterOfThreeEvenly() {
        RedisKeyLayout layout = RedisKeyLayout.cluster("sluice:");
        int[] perMaster = new int[3];

        for (int bucket = 0; bucket < RedisKeyLayout.CLUSTER_BUCKETS; bucket++) {
            // redis-cli --cluster create's split of the 16,384 slots over three masters.
            int slot = SlotHash.getSlot(layout.namespace("orders", "web", bucket));
            perMaster[slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2]++;
        }

        assertThat(IntStream.of(perMaster).boxed().toList()).allSatisfy(buckets -> assertThat(buckets).isBetween(12, 32));
    }

    @Test
    void onAClusterOnlyHashesOfClaimsAreClaimsAndBracesAreRefused() {
        RedisKeyLayout layout = RedisKeyLayout.cluster("t:");
        String namespace = new String(layout.namespace("p", "s", 5), StandardCharsets.UTF_8);

        assertThat(RedisKeyLayout.isClaimHash(latin1(namespace + "w1765050000000-30000:8:\u00c9"))).isTrue();
        assertThat(RedisKeyLayout.isClaimHash(latin1(namespace + "w1765050000000-30000:12::\u00f0"))).isTrue();
        assertThat(RedisKeyLayout.isClaimHash(latin1(namespace + "w1765050000000-30000:17:\u0000\u00ff\u0080"))).isTrue();
        assertThat(RedisKeyLayout.isClaimHash(latin1(namespace + "w1765050000000-30000:0:"))).isTrue();
        for (String other : new String[] { "w1765050000000-30000", "slices", "layout", "w1765050000000-30000:8:",
                "w1765050000000-30000:8:ab", "w1765050000000-30000:25:abcd" }) {
            assertThat(RedisKeyLayout.isClaimHash(latin1(namespace + other))).as(other).isFalse();
        }
        for (String lane : new String[] { "0", "12", "replay" }) {
            assertThat(RedisKeyLayout.isClaimHash(layout.sentinel("p", "s", lane, 5))).isFalse();
        }
        assertThat(new String(layout.claimPattern("p", "s"), StandardCharsets.UTF_8)).isEqualTo("{t:dedup:p:s:*");
        assertThatThrownBy(() -> RedisKeyLayout.cluster("a{b}:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.namespace("p{x}", "s", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWindowIsCutIntoTwoSlicesRoundedUp() {
        assertThat(RedisKeyLayout.sliceMillis(60_000)).isEqualTo(30_000);
        assertThat(RedisKeyLayout.sliceMillis(301)).isEqualTo(151);
        assertThat(RedisKeyLayout.sliceMillis(1)).isEqualTo(1);
        assertThatThrownBy(() -> RedisKeyLayout.sliceMillis(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

}

package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import org.junit.jupiter.api.Test;

/** The store in the {@link ClaimLayout#KEYS} layout, a Redis key per claim: {@link RedisClaimsBehaviour} and the keys. */
@RealServers(RealServer.REDIS)
class RedisDedupStoreIntegrationTests extends RedisClaimsBehaviour {

    @Override
    ClaimLayout layout() {
        return ClaimLayout.KEYS;
    }

    @Override
    byte[] claimHolding(String source, String key) {
        byte[] claimKey = RedisKeyLayout.key(RedisKeyLayout.single(names.redisPrefix()).namespace("orders", source, 0), hash(key));
        return (redis.exists(claimKey) == 1) ? claimKey : null;
    }

    @Test
    void positionLivesForTheWindowFromTheFirstClaim() {
        String source = newSource();

        claim(source, Duration.ofSeconds(30), claim("k", 0, 1));

        assertThat(redis.pttl(claimHolding(source, "k"))).isBetween(29_000L, 30_000L);
    }

    @Test
    void keysAreTheNamespaceAndSixteenHashBytesAndValuesAreIntegerEncoded() {
        String source = newSource();
        claim(source, LONG_WINDOW, claim("a fairly long key value that would make a big key if not hashed", 7, 123_456_789),
                claim("b", 2, 3));
        byte[] namespace = RedisKeyLayout.single(names.redisPrefix()).namespace("orders", source, 0);

        List<byte[]> keys = scanAll(new String(namespace, StandardCharsets.UTF_8) + "*");

        assertThat(keys).hasSize(2).allSatisfy((key) -> {
            assertThat(key).hasSize(namespace.length + 16);
            assertThat(Arrays.copyOf(key, namespace.length)).isEqualTo(namespace);
            assertThat(redis.objectEncoding(key)).isEqualTo("int");
        });
    }

    @Test
    void aClaimKeyHoldingSomethingElseThanAPositionFailsTheBatchRatherThanPassIt() {
        String source = newSource();
        byte[] claimKey = RedisKeyLayout.key(RedisKeyLayout.single(names.redisPrefix()).namespace("orders", source, 0), hash("k"));

        for (String foreign : new String[] { "", "not a position" }) {
            redis.set(claimKey, foreign.getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> store.claimFirst("orders", source, List.of(claim("k", 0, 1)), LONG_WINDOW))
                .as("a key holding \"%s\"", foreign).hasMessageContaining("not a stored dedup position");
        }
    }
}

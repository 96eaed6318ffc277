package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

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

}

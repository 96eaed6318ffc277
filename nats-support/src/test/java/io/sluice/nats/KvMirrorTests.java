package io.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KvMirrorTests {

    private final KvMirror<String> mirror = new KvMirror<>(value -> {
        String text = new String(value, StandardCharsets.UTF_8);
        return text.isEmpty() ? null : text;
    });

    @Test
    void readsNothingUntilTheWatchDeliveredWhatTheBucketHeld() {
        mirror.written("orders.replica-1", bytes("1"), Instant.EPOCH);
        assertThat(mirror.under("orders.")).isNull();
        mirror.endOfData();
        assertThat(mirror.under("orders.")).containsOnlyKeys("replica-1");
    }

    @Test
    void findsTheKeysUnderOneTokenUnderALongerPrefixAndUnderNone() {
        mirror.endOfData();
        mirror.written("orders.replica-1", bytes("1"), Instant.EPOCH);
        mirror.written("orders.replica-2", bytes("2"), Instant.EPOCH);
        mirror.written("ordersx.replica-1", bytes("3"), Instant.EPOCH);
        mirror.written("_process.replica-1", bytes("4"), Instant.EPOCH);
        mirror.written("plain", bytes("5"), Instant.EPOCH);

        assertThat(values(mirror.under("orders."))).isEqualTo(Map.of("replica-1", "1", "replica-2", "2"));
        assertThat(values(mirror.under("_process."))).isEqualTo(Map.of("replica-1", "4"));
        assertThat(values(mirror.under("orders.replica-"))).isEqualTo(Map.of("1", "1", "2", "2"));
        assertThat(mirror.under("")).containsOnlyKeys("orders.replica-1", "orders.replica-2", "ordersx.replica-1",
                "_process.replica-1", "plain");
        assertThat(mirror.under("nothing.")).isEmpty();
    }

    @Test
    void aDeletedKeyAndAValueThatMeansNothingAreGoneUnderEveryPrefix() {
        mirror.endOfData();
        mirror.written("orders.replica-1", bytes("1"), Instant.EPOCH);
        mirror.written("orders.replica-2", bytes("2"), Instant.EPOCH);
        mirror.removed("orders.replica-1");
        mirror.written("orders.replica-2", bytes(""), Instant.EPOCH);

        assertThat(mirror.under("orders.")).isEmpty();
        assertThat(mirror.under("")).isEmpty();
        mirror.written("orders.replica-3", bytes("3"), Instant.EPOCH);
        assertThat(values(mirror.under("orders."))).isEqualTo(Map.of("replica-3", "3"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> values(Map<String, KvMirror.Entry<String>> entries) {
        return entries.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
    }
}

package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.wizard.KeyPartitionSpread.KeySpread;
import io.sluice.ui.wizard.Lookups.SampledEvent;
import org.junit.jupiter.api.Test;

class KeyPartitionSpreadTests {

    private static SampledEvent event(int partition, String recordKey, String json) {
        return new SampledEvent(partition, 0, recordKey, json);
    }

    @Test
    void eventsOfOneKeyOnSeveralPartitionsAreListedWithThosePartitions() {
        KeyPartitionSpread spread = KeyPartitionSpread.of(List.of(
                event(0, "k-1", "{\"order_id\":\"o-1\"}"), event(2, "k-2", "{\"order_id\":\"o-1\"}"),
                event(1, "k-3", "{\"order_id\":\"o-1\"}"), event(1, "k-4", "{\"order_id\":\"o-2\"}"),
                event(1, "k-5", "{\"order_id\":\"o-2\"}"), event(0, "k-6", "{\"order_id\":\"o-3\"}")), List.of("order_id"));

        assertThat(spread.keyIsRecordKey()).isFalse();
        assertThat(spread.events()).isEqualTo(6);
        assertThat(spread.repeated()).containsExactly(new KeySpread("o-1", 3, List.of(0, 1, 2)),
                new KeySpread("o-2", 2, List.of(1)));
        assertThat(spread.spread()).extracting(KeySpread::key).containsExactly("o-1");
    }

    @Test
    void aTopicKeyedByTheDedupKeyIsRecognised() {
        KeyPartitionSpread spread = KeyPartitionSpread.of(List.of(event(0, "o-1", "{\"order_id\":\"o-1\"}"),
                event(0, "o-1", "{\"order_id\":\"o-1\"}"), event(1, "42", "{\"order_id\":42}")), List.of("order_id"));

        assertThat(spread.keyIsRecordKey()).isTrue();
    }

    @Test
    void eventsWithoutARecordKeyAreNotKeyedByTheDedupKey() {
        assertThat(KeyPartitionSpread.of(List.of(event(0, null, "{\"order_id\":\"o-1\"}")), List.of("order_id"))
            .keyIsRecordKey()).isFalse();
    }

    @Test
    void nestedAndSeveralKeyFieldsMakeOneKey() {
        assertThat(KeyPartitionSpread.keyValue("{\"customer\":{\"id\":7},\"day\":\"2026-12-04\"}", List.of("customer.id", "day")))
            .isEqualTo("7 | 2026-12-04");
    }

    @Test
    void eventsLackingAKeyFieldOrNotJsonAreLeftOut() {
        KeyPartitionSpread spread = KeyPartitionSpread.of(List.of(event(0, "a", "{\"other\":1}"), event(1, "b", null),
                event(2, "c", "{\"order_id\":null}"), event(0, "d", "{\"order_id\":\"o-1\"}")), List.of("order_id"));

        assertThat(spread.events()).isEqualTo(1);
        assertThat(spread.repeated()).isEmpty();
        assertThat(spread.keyIsRecordKey()).isFalse();
    }
}

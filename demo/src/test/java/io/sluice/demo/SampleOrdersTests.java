package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.sluice.demo.SampleOrders.Kind;
import io.sluice.demo.SampleOrders.Sample;
import org.junit.jupiter.api.Test;

class SampleOrdersTests {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00.123Z");

    @Test
    void aDuplicateIsAnEarlierOrderSentAgainByteForByte() {
        SampleOrders orders = new SampleOrders(new Random(7), 0.1, 500);
        Map<String, byte[]> firstByKey = new HashMap<>();
        int duplicates = 0;
        for (int i = 0; i < 10_000; i++) {
            Sample sample = orders.next(NOW);
            if (sample.kind() == Kind.ORDER) {
                assertThat(firstByKey.put(sample.key(), sample.value())).as("an order's key is new").isNull();
            }
            else if (sample.kind() == Kind.DUPLICATE) {
                duplicates++;
                assertThat(firstByKey).containsKey(sample.key());
                assertThat(sample.value()).isEqualTo(firstByKey.get(sample.key()));
            }
        }
        assertThat(duplicates).isBetween(900, 1100);
    }

    @Test
    void oneEventInEveryNIsNotJson() {
        SampleOrders orders = new SampleOrders(new Random(7), 0.1, 100);
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            kinds.add(orders.next(NOW).kind());
        }
        assertThat(kinds.stream().filter(Kind.MALFORMED::equals)).hasSize(10);
        assertThat(kinds.get(99)).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void anOrderCarriesTheFieldsOfTheExamplePipelinesSchema() {
        Sample first = new SampleOrders(new Random(7), 0.1, 500).next(NOW);
        assertThat(first.kind()).isEqualTo(Kind.ORDER);
        assertThat(first.key()).isEqualTo("demo-1");
        assertThat(new String(first.value())).startsWith("{\"order_id\":\"demo-1\",\"customer\":{\"id\":")
                .contains("\"amount\":").contains("\"status\":\"").endsWith("\"created_at\":\"2026-12-04T12:00:00Z\"}");
    }

    @Test
    void withoutDuplicatesEveryOrderIsNew() {
        SampleOrders orders = new SampleOrders(new Random(7), 0, 1_000_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(orders.next(NOW).kind()).isEqualTo(Kind.ORDER);
        }
    }
}

package io.sluice.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's events, as a real topic carries them: new orders keyed by order id; now and then an
 * order sent again byte for byte (a producer retry, a replay), which Sluice must drop; now and
 * then a record that is not JSON, which must become a dead letter and not stall anything.
 */
final class SampleOrders {

    enum Kind { ORDER, DUPLICATE, MALFORMED }

    record Sample(Kind kind, String key, byte[] value) {
    }

    /** How far back a duplicate reaches: well inside the example pipeline's one-hour window. */
    private static final int RECENT = 1_000;

    private static final String[] STATUSES = {"paid", "paid", "paid", "shipped", "refunded"};

    private final Random random;

    private final double duplicateShare;

    private final int malformedEvery;

    private final List<Sample> recent = new ArrayList<>();

    private long produced;

    private long orders;

    SampleOrders(Random random, double duplicateShare, int malformedEvery) {
        this.random = random;
        this.duplicateShare = duplicateShare;
        this.malformedEvery = malformedEvery;
    }

    Sample next(Instant now) {
        this.produced++;
        if (this.produced % this.malformedEvery == 0) {
            return new Sample(Kind.MALFORMED, "malformed-" + this.produced,
                    "{\"order_id\": not json".getBytes(StandardCharsets.UTF_8));
        }
        if (!this.recent.isEmpty() && this.random.nextDouble() < this.duplicateShare) {
            Sample earlier = this.recent.get(this.random.nextInt(this.recent.size()));
            return new Sample(Kind.DUPLICATE, earlier.key(), earlier.value());
        }
        String id = "demo-" + (++this.orders);
        String json = "{\"order_id\":\"" + id + "\",\"customer\":{\"id\":" + (1 + this.random.nextInt(500))
                + "},\"amount\":" + (1 + this.random.nextInt(50_000)) / 100.0 + ",\"status\":\""
                + STATUSES[this.random.nextInt(STATUSES.length)] + "\",\"created_at\":\""
                + now.truncatedTo(ChronoUnit.SECONDS) + "\"}";
        Sample order = new Sample(Kind.ORDER, id, json.getBytes(StandardCharsets.UTF_8));
        if (this.recent.size() < RECENT) {
            this.recent.add(order);
        }
        else {
            this.recent.set((int) (this.orders % RECENT), order);
        }
        return order;
    }
}

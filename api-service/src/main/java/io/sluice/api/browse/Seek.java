package io.sluice.api.browse;

import java.time.Instant;

/** Where a look at a topic starts: its newest events, an offset of one partition, or a time. */
sealed interface Seek {

    /** The newest events across every partition. */
    record Latest() implements Seek {
    }

    /** Events of one partition from an offset on. */
    record FromOffset(int partition, long offset) implements Seek {
    }

    /** Events from a time on, in every partition: Kafka's offsetsForTimes. */
    record FromTime(Instant time) implements Seek {
    }
}

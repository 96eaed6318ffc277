package io.sluice.ingest.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * Where the consumer of a quiet source goes to rest: after {@link #restAfter()} with nothing to
 * read and nothing in flight, a source closes its Kafka consumer (leaving its group, freeing its
 * two threads) and is woken by whoever watches it once its topic holds a record its group has
 * not committed. Hundreds of idle pipelines then cost ingest no consumer each, only a share of
 * one watcher per Kafka cluster ({@link KafkaSourceRests}).
 */
public interface SourceRests extends AutoCloseable {

    /** Never rests: a source keeps its consumer while it runs ({@link SourceListener#restDue} is never true). */
    SourceRests NEVER = new SourceRests() {
        @Override
        public Duration restAfter() {
            return null;
        }

        @Override
        public Rest watch(Map<String, Object> clientProperties, String group, String topic, Runnable wake) {
            throw new IllegalStateException("sources never rest here");
        }

        @Override
        public void close() {
        }
    };

    /** How long a source must be quiet before it rests; null for never. */
    Duration restAfter();

    /**
     * Watches a resting source: calls {@code wake} once, on the watcher's thread, when a partition
     * of {@code topic} has records beyond what {@code group} committed (or a partition has records and
     * nothing committed), then forgets it.
     *
     * @param clientProperties how to reach the source's Kafka cluster (bootstrap servers, security)
     */
    Rest watch(Map<String, Object> clientProperties, String group, String topic, Runnable wake);

    /** Stops watching; resting sources are then woken by nothing but a stop and start. */
    @Override
    void close();

    /** A watch; cancelled when the source stops while resting. */
    interface Rest {
        void cancel();
    }
}

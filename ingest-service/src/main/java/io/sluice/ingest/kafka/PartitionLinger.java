package io.sluice.ingest.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * Whether a source's partitions rest (are paused) for the linger after records were read. Pure: its
 * caller pauses and resumes the partitions.
 *
 * <p>Fetches return as soon as a record arrives ({@code fetch.min.bytes} 1), and the broker holds
 * them long only while nothing comes ({@code fetch.max.wait.ms}, seconds), so an idle partition
 * costs a fetch every few seconds instead of one every linger. Once records were read and every
 * partition has caught up (Kafka's lag for each is 0), the partitions rest for the linger: the next
 * records gather at the broker and come as one batch instead of a fetch and a batch each, as when
 * the broker itself held every fetch for the linger. While a partition is behind none rests: its
 * fetches return at once anyway, and a backlog never waits.
 *
 * <p>The partitions rest together, never one alone. Kafka's client sends no fetch to a broker while
 * one is held there, and a fetch sent while a partition rests leaves that partition out: resting
 * alone, a partition's next records waited for a fetch of the others, which the broker held for
 * the whole idle fetch wait when nothing came for them (5 s by default; found with 20 s by
 * {@code SourceTrickleIntegrationTests}).
 */
final class PartitionLinger {

    private final long lingerNanos;

    private boolean resting;

    private long until;

    PartitionLinger(Duration linger) {
        this.lingerNanos = linger.toNanos();
    }

    /**
     * Whether a source's partitions rest now, after records were read.
     *
     * @param lags Kafka's lag of each partition being read, empty where not known
     */
    static boolean restTogether(Duration linger, Collection<OptionalLong> lags) {
        return linger.toNanos() > 0 && !lags.isEmpty()
                && lags.stream().allMatch(lag -> lag.isPresent() && lag.getAsLong() == 0);
    }

    /** The partition rests for the linger from {@code now} (its caller pauses it). */
    void rest(long now) {
        resting = true;
        until = now + lingerNanos;
    }

    /** Whether the partition rested for the linger and may read again; true once per rest. */
    boolean over(long now) {
        if (resting && now - until >= 0) {
            resting = false;
            return true;
        }
        return false;
    }

    /** Nanoseconds until the rest is over (at most 0 once it is), or {@link Long#MAX_VALUE} while not resting. */
    long untilOver(long now) {
        return resting ? until - now : Long.MAX_VALUE;
    }

    /** The partition is resumed for another reason (it recovered): the rest is over. */
    void cancel() {
        resting = false;
    }
}

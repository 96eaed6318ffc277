package io.sluice.ingest.kafka;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Whether a partition rests (is paused) for the linger after its records were read. Pure: its
 * caller pauses and resumes the partition.
 *
 * <p>Fetches return as soon as a record arrives ({@code fetch.min.bytes} 1), and the broker holds
 * them long only while nothing comes ({@code fetch.max.wait.ms}, seconds), so an idle partition
 * costs a fetch every few seconds instead of one every linger. A partition that has caught up
 * (Kafka's lag for it is 0) then rests for the linger: the next records gather at the broker and
 * come as one batch instead of a fetch and a batch each, as when the broker itself held every
 * fetch for the linger. A partition that is behind reads on at once: a backlog never waits.
 */
final class PartitionLinger {

    private final long lingerNanos;

    private boolean resting;

    private long until;

    PartitionLinger(Duration linger) {
        this.lingerNanos = linger.toNanos();
    }

    /**
     * The partition's records of a poll were read.
     *
     * @param lag Kafka's lag of the partition after them, empty when not known
     * @return whether to pause the partition now, for the linger
     */
    boolean rest(OptionalLong lag, long now) {
        if (lingerNanos <= 0 || lag.isEmpty() || lag.getAsLong() > 0) {
            return false;
        }
        resting = true;
        until = now + lingerNanos;
        return true;
    }

    /** Whether the partition rested for the linger and may read again; true once per rest. */
    boolean over(long now) {
        if (resting && now - until >= 0) {
            resting = false;
            return true;
        }
        return false;
    }

    /** The partition is resumed for another reason (it recovered): the rest is over. */
    void cancel() {
        resting = false;
    }
}

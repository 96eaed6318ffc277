package io.sluice.ingest.kafka;

import java.time.Duration;

/**
 * How long a source's next Kafka poll may wait. A poll returns as soon as records come, so the
 * wait only decides how late the listener's own work runs while none do: a partition's rest for
 * the linger ending, a failed partition's retry, the settling (counting, committing) of a batch
 * awaiting its acknowledgement. Pure.
 *
 * <p>With nothing due the poll waits {@code idle}, the broker's idle fetch wait: an idle source's
 * consumer wakes inside the poll about that often anyway (the broker answers its held fetch, and
 * a heartbeat is due every 3 s), so returning costs the listener's housekeeping only, and it
 * bounds how late anything the poll's own rebalance callbacks made due runs (a partition assigned
 * while NATS cannot tell where it resumes retries after its backoff or this, whichever is later).
 * An idle source's consumer thread then turns every few seconds instead of every linger.
 *
 * @param busy the longest wait while a batch awaits its acknowledgement
 * @param idle the wait with nothing due
 */
record PollPacing(Duration busy, Duration idle) {

    /** The shortest wait, so that a tiny linger or something overdue does not spin. */
    private static final Duration SHORTEST = Duration.ofMillis(20);

    /**
     * Busy: at most the configured poll timeout and the linger; idle: the idle fetch wait, at least
     * the busy wait; both at least {@link #SHORTEST}.
     */
    static PollPacing of(SourceSettings settings) {
        long linger = Math.max(settings.linger().toMillis(), SHORTEST.toMillis());
        Duration busy = Duration.ofMillis(Math.min(settings.pollTimeout().toMillis(), linger));
        Duration idle = settings.idleFetchWait().compareTo(busy) > 0 ? settings.idleFetchWait() : busy;
        return new PollPacing(busy, idle);
    }

    /**
     * @param awaitingAck whether a batch awaits its acknowledgement
     * @param untilDue    nanoseconds until the first rest or retry is due ({@link Long#MAX_VALUE}: none)
     */
    Duration wait(boolean awaitingAck, long untilDue) {
        long nanos = idle.toNanos();
        if (awaitingAck) {
            nanos = Math.min(nanos, busy.toNanos());
        }
        nanos = Math.min(nanos, Math.max(untilDue, SHORTEST.toNanos()));
        return Duration.ofNanos(Math.max(nanos, SHORTEST.toNanos()));
    }
}

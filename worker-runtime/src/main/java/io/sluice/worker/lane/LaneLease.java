package io.sluice.worker.lane;

import java.time.Duration;

/**
 * How long a lane's owner holds it between two writes of its record, and how long an idle lane
 * waits for its next batch. Pure.
 *
 * <p>A lane with batches in flight or progress to record holds it for the stage's lease (10 s by
 * default) and renews it every third of that. A lane with nothing in flight and nothing to record
 * holds it for {@link #IDLE}: an idle lane then costs NATS a write every 2 minutes (when it looks at
 * its stream anyway, see {@link LaneParking}) instead of one every 3.3 s, which at hundreds of idle
 * pipelines was a large part of what dedup and join asked of NATS (2 minutes, renewed every 40 s,
 * until 2026-12-07).
 * Before it processes a batch that ends its idleness, the lane holds it for the short lease again.
 * A lane with nothing in flight waits for its next batch in pulls of up to {@link #MAX_IDLE_PULL},
 * then parks ({@link LaneRunner}, "Parked lanes").
 *
 * <p>The long hold does not slow a takeover after a crash: the other replicas take the lanes of an
 * owner that no longer heartbeats whatever its leases say ({@link LaneAssignment}). It only
 * lengthens how long a replica of a version before idle leases waits for them.
 */
record LaneLease(long busyMillis, long idleMillis) {

    static final Duration IDLE = LaneParking.LOOK_EVERY.multipliedBy(3);

    private static final long MIN_IDLE_PULL_MILLIS = 500;

    // A lane holds its thread while it pulls, and parks after two empty pulls.
    static final Duration MAX_IDLE_PULL = LaneParking.IDLE_READ;

    /** @param busy the stage's lease ({@code lease} of its properties) */
    static LaneLease of(Duration busy) {
        return new LaneLease(busy.toMillis(), Math.max(busy.toMillis(), IDLE.toMillis()));
    }

    /** The lease to write: the idle one for a lane with nothing in flight and nothing to record. */
    long millis(boolean idle) {
        return idle ? idleMillis : busyMillis;
    }

    /** Whether a record written {@code sinceWrite} ago with a lease of {@code writtenLease} is due for renewal. */
    static boolean renewalDue(long sinceWrite, long writtenLease) {
        return sinceWrite >= writtenLease / 3;
    }

    /** Whether a lane holding the lease written must hold the short one before it processes a batch. */
    boolean mustShortenBeforeWork(long writtenLease) {
        return writtenLease > busyMillis;
    }

    /** How long a lane with nothing in flight waits for a batch: a quarter of the lease it holds, within bounds. */
    static Duration idlePull(long writtenLease) {
        return Duration.ofMillis(Math.min(MAX_IDLE_PULL.toMillis(), Math.max(MIN_IDLE_PULL_MILLIS, writtenLease / 4)));
    }
}

package io.sluice.worker.lane;

import java.time.Duration;

/**
 * When a coordinator asks the stream for its pipeline's lanes (a filtered stream info: one request
 * per pipeline). Pure.
 * <ul>
 * <li>at its first tick, and whenever the pipeline's {@link LaneBell} rang since its last look;</li>
 * <li>at every tick while lanes are appearing: within {@link #settling} of the start while it knows
 * none, and of the last change (a new pipeline's partitions come in a burst);</li>
 * <li>otherwise every {@link #fallback}, for a ring that was lost.</li>
 * </ul>
 * Until 2026-12-07 every 30 s whatever rang, and at every tick while the pipeline had no lane: at
 * 200 idle pipelines, the request dedup sent NATS most often.
 */
record DiscoveryPace(Duration settling, Duration fallback) {

    static final DiscoveryPace STANDARD = new DiscoveryPace(Duration.ofSeconds(30), Duration.ofMinutes(5));

    /**
     * @param discoveredAt when the coordinator last looked, or -1 if it never did
     * @param changedAt    when a look last found other lanes than the one before
     */
    boolean due(long now, boolean rung, boolean noneKnown, long startedAt, long discoveredAt, long changedAt) {
        if (discoveredAt < 0 || rung || now - discoveredAt >= fallback.toMillis()) {
            return true;
        }
        return now - (noneKnown ? startedAt : changedAt) < settling.toMillis();
    }
}

package io.sluice.worker.purge;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane's early purge, as the dedup and join lanes and the sink lanes run it: what the lane
 * committed is noted, and purged (see {@link InputPurger} for what stays) at most once per
 * interval, after a commit. Housekeeping: a failed purge is logged and tried again next time, while
 * the stream's limits still apply. One per lane thread; not thread-safe.
 */
public final class LanePurge {

    private static final Logger log = LoggerFactory.getLogger(LanePurge.class);

    private final InputPurger purger;
    private final String stream;
    private final Duration interval;
    private final String lane;
    private final PurgePoints points = new PurgePoints();
    private long lastPurgeMillis;

    /**
     * @param lane      the lane's name in the log
     * @param nowMillis the lane's start: the first purge comes an interval later
     */
    public LanePurge(InputPurger purger, String stream, Duration interval, String lane, long nowMillis) {
        this.purger = purger;
        this.stream = stream;
        this.interval = interval;
        this.lane = lane;
        this.lastPurgeMillis = nowMillis;
    }

    /** {@code sequence}, a message of {@code subject}, is processed and its progress recorded. */
    public void committed(String subject, long sequence) {
        points.processed(subject, sequence);
    }

    /** Purges what was committed since the last purge, if the interval has passed since then. */
    public void purgeIfDue(long nowMillis) {
        if (nowMillis - lastPurgeMillis < interval.toMillis()) {
            return;
        }
        lastPurgeMillis = nowMillis;
        try {
            purger.purgeDue(stream, points);
        } catch (Exception e) {
            log.warn("Purging processed input of lane {} failed: {}", lane, e.toString());
        }
    }
}

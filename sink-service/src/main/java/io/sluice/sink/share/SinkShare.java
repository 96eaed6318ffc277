package io.sluice.sink.share;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sluice.concurrent.DaemonThreads;
import io.sluice.sink.progress.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's share of the sink's lanes. One lane is inserted by one replica at a time (its
 * holder); without shares the first replica to reach a lane kept it for as long as it had blocks,
 * so after a restart one replica held every busy lane and the others stood by doing nothing.
 * Each replica counts the lanes it runs and holds, and knows from the heartbeats how many
 * replicas are alive ({@link LaneShare}): above its share it hands a lane over at its next
 * commit, below it it looks often at the lanes others hold and takes those handed over.
 *
 * <p>Shares steer who works; they decide nothing about correctness, which the compare-and-set on
 * each lane's progress keeps. A replica that cannot read the heartbeats takes lanes as if alone.
 */
public final class SinkShare implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkShare.class);

    /** How often a replica short of its share looks at a lane another holds. */
    public static final Duration WANTING_LOOK = Duration.ofSeconds(2);
    // Several looks of a wanting replica: the lane goes to one below its share, not back to the giver.
    private static final Duration GRACE = Duration.ofSeconds(10);
    // A lane handed over that nobody took: a replica counted alive does not run its pipeline (it
    // failed to start it) or had just died, so handing over again would only pause lanes for a grace.
    private static final Duration QUIET_AFTER_UNANSWERED = Duration.ofMinutes(1);

    private final SinkReplicas replicas;
    private final String me;
    private final Duration lease;
    private final Clock clock;
    // The lanes this replica runs, and whether it holds each.
    private final Map<String, Boolean> lanes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService beats;
    private volatile long quietUntilMillis;

    /**
     * @param lease a replica counts as alive for half a lease after its heartbeat, written six times
     *              a lease while it runs any lane: a replica killed has stopped counting by the time
     *              its holds lapse (a lease after its last block), so the one that takes its lanes
     *              over does not hand them over to it
     */
    public SinkShare(SinkReplicas replicas, String me, Duration lease, Clock clock) {
        this.replicas = replicas;
        this.me = me;
        this.lease = lease;
        this.clock = clock;
        this.beats = DaemonThreads.scheduled("sink-share");
        long every = Math.max(100, lease.toMillis() / 6);
        beats.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    /** A lane of this replica started; it holds nothing yet. */
    public void joined(String lane) {
        lanes.put(lane, false);
    }

    /** A lane of this replica ended. */
    public void left(String lane) {
        lanes.remove(lane);
    }

    /** Whether this replica holds {@code lane} now, as its last look at the lane's progress found. */
    public void holding(String lane, boolean held) {
        lanes.computeIfPresent(lane, (key, was) -> held);
    }

    /** What the lane's planner needs to decide on a lane nobody holds. */
    public Room room() {
        try {
            Set<String> alive = alive();
            return new Room(share(alive).hasRoom(held()), alive, GRACE.toMillis());
        } catch (Exception e) {
            log.debug("Sink replicas' heartbeats unreadable, taking lanes as if alone: {}", e.toString());
            return Room.ANY;
        }
    }

    /** Whether this replica is short of its share: it then looks at the lanes others hold every {@link #WANTING_LOOK}. */
    public boolean wanting() {
        try {
            return share(alive()).wanting(held());
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Called after a block of {@code lane} is in ClickHouse: whether this replica hands the lane
     * over now (it holds more than its share). If so it counts as no longer holding it.
     */
    public synchronized boolean handOver(String lane) {
        if (clock.millis() < quietUntilMillis || !Boolean.TRUE.equals(lanes.get(lane))) {
            return false;
        }
        try {
            if (!share(alive()).surplus(held())) {
                return false;
            }
        } catch (Exception e) {
            return false;
        }
        lanes.put(lane, false);
        return true;
    }

    /** A lane this replica handed over was still free after the grace: hand none over for a while. */
    public void handOverUnanswered() {
        quietUntilMillis = clock.millis() + QUIET_AFTER_UNANSWERED.toMillis();
    }

    private LaneShare share(Set<String> alive) {
        return new LaneShare(lanes.size(), alive.size());
    }

    private Set<String> alive() throws Exception {
        Set<String> alive = new TreeSet<>(replicas.aliveAfter(clock.millis() - lease.toMillis() / 2));
        alive.add(me);
        return alive;
    }

    private int held() {
        int held = 0;
        for (boolean holds : lanes.values()) {
            held += holds ? 1 : 0;
        }
        return held;
    }

    private void beat() {
        if (lanes.isEmpty()) {
            return;
        }
        try {
            replicas.beat(me, clock.millis());
        } catch (Exception e) {
            log.debug("Sink replica heartbeat failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        beats.shutdownNow();
    }
}

package io.sluice.worker.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sluice.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the Redis server every {@code interval} ({@code INFO}, one command): warns about
 * settings that risk the state a stage keeps there ({@code appendonly no}, an evicting
 * {@code maxmemory-policy}) and counts the losses it finds between two looks (a restart without
 * AOF, a failover, evictions; {@link ServerChanges}). One per service, shared by every pipeline's
 * guard (dedup's and the join's). Between a loss and the next look, the stage's sentinel keys
 * still catch a restart without any persistence, a flush and most failovers.
 */
public final class RedisServerWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServerWatch.class);

    /** How long a failover that lost nothing stays a warning. */
    static final Duration FAILOVER_SHOWN_FOR = Duration.ofMinutes(10);

    private final ServerInfoSource probe;
    private final Duration interval;
    private final Clock clock;
    private final String state;
    private final boolean replicasAcknowledge;
    private ScheduledExecutorService scheduler;
    private ServerInfo last;
    private Instant lastAt;
    private volatile List<String> warnings = List.of();
    private volatile long losses;
    private volatile ServerLoss lastLoss;
    private volatile ServerLoss lastFailover;

    /** @param state what the stage keeps in Redis, as status and logs name it: "dedup state", "join state" */
    public RedisServerWatch(ServerInfoSource probe, Duration interval, Clock clock, String state) {
        this(probe, interval, clock, state, false);
    }

    /**
     * @param replicasAcknowledge the stage answers a write only once a replica holds it ({@code WAIT}):
     *        a failover is then a warning, not a loss ({@link ServerChanges.FailedOver})
     */
    public RedisServerWatch(ServerInfoSource probe, Duration interval, Clock clock, String state, boolean replicasAcknowledge) {
        this.probe = probe;
        this.interval = interval;
        this.clock = clock;
        this.state = state;
        this.replicasAcknowledge = replicasAcknowledge;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = DaemonThreads.scheduled("redis-watch");
        scheduler.scheduleWithFixedDelay(this::look, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one look now; the scheduler calls it every interval. */
    public synchronized void look() {
        Instant now = clock.instant();
        ServerInfo info;
        try {
            info = probe.serverInfo();
        } catch (RuntimeException e) {
            // Unreachable: the lanes fail and say so. Refused (a managed Redis without INFO): say
            // that restarts are then caught only by the sentinels.
            if (last == null) {
                warnings = List.of("Redis INFO not readable (" + e.getMessage()
                        + "): persistence and maxmemory-policy unknown, restarts detected only by the lanes' sentinels");
            }
            return;
        }
        ServerChanges.ServerChange change = ServerChanges.compare(last, info,
                lastAt == null ? Duration.ZERO : Duration.between(lastAt, now), replicasAcknowledge);
        if (change instanceof ServerChanges.Loading) {
            // Judged at the next look, against the last one taken before the restart.
            return;
        }
        if (change instanceof ServerChanges.StateLost lost) {
            log.error("Redis lost {}: {}", state, lost.reason());
            lastLoss = new ServerLoss(now, lost.reason());
            losses++;
        } else if (change instanceof ServerChanges.FailedOver failover) {
            log.warn("{}: {} kept", failover.description(), state);
            lastFailover = new ServerLoss(now, failover.description());
        } else if (change instanceof ServerChanges.RestartedWithAof) {
            log.warn("Redis restarted (run id {} -> {}) with AOF: {} reloaded", last.runId(), info.runId(), state);
        }
        List<String> risks = ServerChanges.configWarnings(info, state);
        if (last == null || !ServerChanges.configWarnings(last, state).equals(risks)) {
            risks.forEach(warning -> log.warn("{}", warning));
        }
        warnings = risks;
        last = info;
        lastAt = now;
    }

    /**
     * Settings of the server that risk the stage's state, and a failover that lost nothing within
     * {@link #FAILOVER_SHOWN_FOR} (so an operator sees a node was lost), for status.
     */
    public List<String> warnings() {
        ServerLoss failover = lastFailover;
        if (failover == null || failover.at().plus(FAILOVER_SHOWN_FOR).isBefore(clock.instant())) {
            return warnings;
        }
        List<String> all = new ArrayList<>(warnings);
        all.add(failover.reason() + " (at " + failover.at() + ")");
        return all;
    }

    /** How many losses this watch found since it started; grows by one per loss. */
    public long losses() {
        return losses;
    }

    /** The latest loss found, or null. */
    public ServerLoss lastLoss() {
        return lastLoss;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}

package io.sluice.worker.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    private final ServerInfoSource probe;
    private final Duration interval;
    private final Clock clock;
    private final String state;
    private ScheduledExecutorService scheduler;
    private ServerInfo last;
    private Instant lastAt;
    private volatile List<String> warnings = List.of();
    private volatile long losses;
    private volatile ServerLoss lastLoss;

    /** @param state what the stage keeps in Redis, as status and logs name it: "dedup state", "join state" */
    public RedisServerWatch(ServerInfoSource probe, Duration interval, Clock clock, String state) {
        this.probe = probe;
        this.interval = interval;
        this.clock = clock;
        this.state = state;
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
                lastAt == null ? Duration.ZERO : Duration.between(lastAt, now));
        if (change instanceof ServerChanges.Loading) {
            // Judged at the next look, against the last one taken before the restart.
            return;
        }
        if (change instanceof ServerChanges.StateLost lost) {
            log.error("Redis lost {}: {}", state, lost.reason());
            lastLoss = new ServerLoss(now, lost.reason());
            losses++;
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

    /** Settings of the server that risk the stage's state, for status. */
    public List<String> warnings() {
        return warnings;
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

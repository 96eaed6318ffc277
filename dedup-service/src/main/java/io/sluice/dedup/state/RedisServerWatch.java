package io.sluice.dedup.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the Redis server every {@code interval} ({@code INFO}, one command): warns about
 * settings that risk dedup state ({@code appendonly no}, an evicting {@code maxmemory-policy}) and
 * counts the losses it finds between two looks (a restart without AOF, a failover, evictions).
 * One per service, shared by every pipeline's {@link StateGuard}. Between a loss and the next look
 * the lanes' sentinels still catch a restart without any persistence, a flush and most failovers.
 */
public final class RedisServerWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServerWatch.class);

    private final StateProbe probe;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private ServerInfo last;
    private Instant lastAt;
    private volatile List<String> warnings = List.of();
    private volatile long losses;
    private volatile StateLossDetector.ServerLoss lastLoss;

    public RedisServerWatch(StateProbe probe, Duration interval, Clock clock) {
        this.probe = probe;
        this.interval = interval;
        this.clock = clock;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dedup-redis-watch");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::look, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one look now; the scheduler calls it every interval. */
    synchronized void look() {
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
        StateLossDetector.ServerChange change = StateLossDetector.compare(last, info,
                lastAt == null ? Duration.ZERO : Duration.between(lastAt, now));
        if (change instanceof StateLossDetector.Loading) {
            // Judged at the next look, against the last one taken before the restart.
            return;
        }
        if (change instanceof StateLossDetector.StateLost lost) {
            log.error("Redis lost dedup state: {}", lost.reason());
            lastLoss = new StateLossDetector.ServerLoss(now, lost.reason());
            losses++;
        } else if (change instanceof StateLossDetector.RestartedWithAof) {
            log.warn("Redis restarted (run id {} -> {}) with AOF: first sightings reloaded", last.runId(), info.runId());
        }
        if (last == null || !StateLossDetector.configWarnings(last).equals(StateLossDetector.configWarnings(info))) {
            StateLossDetector.configWarnings(info).forEach(warning -> log.warn("{}", warning));
        }
        warnings = StateLossDetector.configWarnings(info);
        last = info;
        lastAt = now;
    }

    /** Settings of the server that risk dedup state, for status. */
    public List<String> warnings() {
        return warnings;
    }

    /** How many losses this watch found since it started; grows by one per loss. */
    public long losses() {
        return losses;
    }

    /** The latest loss found, or null. */
    public StateLossDetector.ServerLoss lastLoss() {
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

package io.sluice.worker.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.ServerInfo;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.ReplicaHeartbeat;
import io.sluice.model.control.WorkerStatus;
import io.sluice.nats.NatsProperties;
import io.sluice.worker.control.PipelineHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Writes this replica's counters and warnings for every hosted pipeline into the status bucket, and
 * its heartbeat: every interval what changed, and what did not seldom ({@link StatusRefresh}, a
 * quarter of the bucket's time-to-live, at most 5 minutes); then the replica's one
 * {@link ReplicaHeartbeat}, which keeps every report written before it current for the API. So an
 * idle pipeline costs NATS no status write per interval, whatever the number of pipelines. The
 * bucket's time-to-live removes the keys of a replica that died (the API calls its reports stale as
 * soon as its heartbeat stops); a replica that stops cleanly removes its own at once, so status
 * shows it gone without waiting for the TTL.
 */
public final class StatusReporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);
    // Until the bucket's time-to-live is known, an unchanged status is written again every this many
    // intervals (15 s by default), as for a 1-minute bucket.
    private static final int REFRESH_INTERVALS = 3;

    // How often the bucket's time-to-live is asked again: an api-service may change it.
    private static final Duration TTL_LOOK = Duration.ofMinutes(1);

    private final Connection connection;
    private final String bucket;
    private final Component component;
    private final String replicaId;
    private final String hostName;
    private final Duration interval;
    private final PipelineHost host;
    private final Clock clock;
    private final Set<String> writtenKeys = new HashSet<>();
    private final ServerMoves moves = new ServerMoves();
    private final StatusRefresh refresh;
    private final String heartbeatKey;
    private Instant since;
    private Instant ttlLookedAt;
    private ScheduledExecutorService scheduler;

    public StatusReporter(Connection connection, String bucket, Component component, String replicaId, Duration interval,
            PipelineHost host, Clock clock) {
        this(connection, bucket, component, replicaId, localHostName(), interval, host, clock);
    }

    /** @param hostName the host or container name reported with each status, for people to tell replicas apart */
    public StatusReporter(Connection connection, String bucket, Component component, String replicaId, String hostName,
            Duration interval, PipelineHost host, Clock clock) {
        this.connection = connection;
        this.hostName = hostName;
        this.bucket = bucket;
        this.component = component;
        this.replicaId = replicaId;
        this.interval = interval;
        this.refresh = new StatusRefresh(interval.multipliedBy(REFRESH_INTERVALS));
        this.heartbeatKey = ControlKeys.replicaHeartbeatKey(component, replicaId);
        this.host = host;
        this.clock = clock;
    }

    @Override
    public void start() {
        since = clock.instant();
        scheduler = DaemonThreads.scheduled("status-reporter");
        scheduler.scheduleWithFixedDelay(this::report, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void report() {
        try {
            Instant checkedAt = clock.instant();
            KeyValue kv = connection.keyValue(bucket);
            lookAtTheTimeToLive(checkedAt);
            Set<String> current = new HashSet<>();
            String nats = natsServer(connection);
            moves.observe("NATS", nats, checkedAt);
            List<String> moved = moves.warnings(checkedAt);
            for (PipelineHost.Report report : host.reports()) {
                var stats = report.stats();
                Map<String, String> servers = new HashMap<>(report.servers());
                if (nats != null) {
                    servers.put("nats", nats);
                }
                List<String> warnings = new ArrayList<>(report.warnings());
                warnings.addAll(moved);
                WorkerStatus status = new WorkerStatus(report.pipelineId(), component, replicaId, report.state(),
                        clock.instant(), stats.eventsIn(), stats.eventsOut(), stats.duplicatesDropped(),
                        stats.deadLetters(), stats.lag(), stats.lastError(), stats.latencyP50Millis(),
                        stats.latencyP99Millis(), warnings, stats.join(), servers, stats.filtered(), hostName,
                        report.startedAt());
                WorkerStatus due = refresh.check(status);
                if (due != null) {
                    kv.put(due.key(), ControlJson.write(due));
                    refresh.written(due);
                }
                current.add(status.key());
            }
            for (String gone : writtenKeys) {
                if (!current.contains(gone)) {
                    kv.delete(gone);
                    refresh.forget(gone);
                }
            }
            writtenKeys.clear();
            writtenKeys.addAll(current);
            // Last, and only when every change above was written (a failure skips it): it vouches
            // for each report in the bucket as of checkedAt.
            kv.put(heartbeatKey, ControlJson.write(new ReplicaHeartbeat(component, replicaId, checkedAt, since)));
        } catch (Exception e) {
            // Status is best effort: a missing bucket or a NATS outage must not disturb the data plane.
            log.debug("Status report to bucket {} failed: {}", bucket, e.toString());
        }
    }

    private void lookAtTheTimeToLive(Instant now) {
        if (ttlLookedAt != null && Duration.between(ttlLookedAt, now).compareTo(TTL_LOOK) < 0) {
            return;
        }
        ttlLookedAt = now;
        try {
            Duration ttl = connection.keyValueManagement().getStatus(bucket).getTtl();
            Duration every = StatusRefresh.refreshFor(ttl, interval);
            if (!every.equals(refresh.refresh())) {
                log.info("Status bucket {} keeps keys for {}: an unchanged report is written every {}", bucket,
                        ttl == null || ttl.isZero() ? "ever" : ttl, every);
                refresh.refreshEvery(every);
            }
        } catch (Exception e) {
            log.debug("Could not read the time-to-live of bucket {}: {}", bucket, e.toString());
        }
    }

    /**
     * The name people know this machine or container by: {@code HOSTNAME} as Docker and Kubernetes
     * set it (the container or pod name), else what the network says; null when neither tells.
     */
    static String localHostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The NATS server this replica is connected to: its name and URL (without credentials); null when none. */
    static String natsServer(Connection connection) {
        String url = connection.getConnectedUrl();
        if (url == null) {
            return null;
        }
        ServerInfo info = connection.getServerInfo();
        String name = info == null ? null : info.getServerName();
        String shown = NatsProperties.redacted(url);
        // A server without a configured name reports its 56-character id as its name: noise on a
        // status page, where the URL alone says which server it is.
        boolean named = name != null && !name.isBlank() && !name.equals(info.getServerId());
        return named ? name + " " + shown : shown;
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        try {
            // A report in flight would write the heartbeat again after its removal below.
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            KeyValue kv = connection.keyValue(bucket);
            // First: while it stands it would vouch for reports being removed.
            kv.delete(heartbeatKey);
            for (String key : writtenKeys) {
                kv.delete(key);
            }
        } catch (Exception e) {
            log.debug("Removing status keys failed: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    // Stops after the ControlWatcher (lower phase stops later), so the final state was reported.
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}

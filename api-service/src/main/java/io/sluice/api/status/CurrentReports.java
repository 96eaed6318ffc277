package io.sluice.api.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sluice.model.control.ReplicaHeartbeat;
import io.sluice.model.control.WorkerStatus;
import io.sluice.nats.KvMirror;

/**
 * Which of the reports in the status bucket are still there for the API, and how current each is:
 * a report a live {@link ReplicaHeartbeat} vouches for has the heartbeat's time; a report that
 * nobody wrote or vouched for within {@link #FORGOTTEN_AFTER} (by the server's write times) is
 * left out, as a replica gone for that long was left out when reports were rewritten every 15 s
 * into a bucket that kept them a minute. The bucket now keeps keys 20 minutes, so that an idle
 * report is rewritten only every 5. Values come as {@link KvMirror.Entry}s, a watch's or a listing's,
 * with the time NATS stored them. Pure.
 */
public final class CurrentReports {

    /** How long after its last write, or its replica's last heartbeat, a report is still shown. */
    public static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(1);

    private CurrentReports() {
    }

    /** The reports still shown at {@code now}, each at the time of the newest heartbeat that vouches for it. */
    public static List<KvMirror.Entry<WorkerStatus>> of(Collection<KvMirror.Entry<WorkerStatus>> reports,
            Collection<KvMirror.Entry<ReplicaHeartbeat>> heartbeats, Instant now) {
        Map<String, KvMirror.Entry<ReplicaHeartbeat>> byReplica = new HashMap<>();
        for (KvMirror.Entry<ReplicaHeartbeat> heartbeat : heartbeats) {
            if (heartbeat.value().component() != null) {
                byReplica.put(replica(heartbeat.value().component().json(), heartbeat.value().replicaId()), heartbeat);
            }
        }
        Instant forgotten = now.minus(FORGOTTEN_AFTER);
        List<KvMirror.Entry<WorkerStatus>> current = new ArrayList<>();
        for (KvMirror.Entry<WorkerStatus> report : reports) {
            WorkerStatus status = report.value();
            KvMirror.Entry<ReplicaHeartbeat> heartbeat = status.component() == null ? null
                    : byReplica.get(replica(status.component().json(), status.replicaId()));
            KvMirror.Entry<WorkerStatus> seen = report;
            if (heartbeat != null && heartbeat.value().vouchesFor(status) && heartbeat.writtenAt().isAfter(report.writtenAt())) {
                seen = new KvMirror.Entry<>(heartbeat.value().current(status), heartbeat.writtenAt());
            }
            if (seen.writtenAt().isAfter(forgotten)) {
                current.add(seen);
            }
        }
        return current;
    }

    private static String replica(String component, String replicaId) {
        return component + "." + replicaId;
    }
}

package io.sluice.model.control;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * One worker replica's heartbeat in the status bucket, under
 * {@link ControlKeys#replicaHeartbeatKey(Component, String) _replicas.component.replicaId}: written
 * every heartbeat interval, after the replica wrote what changed in its {@link WorkerStatus reports},
 * it says that every report the replica wrote since {@code since} is still what it would write at
 * {@code heartbeatAt}. So a pipeline at rest costs NATS no write per heartbeat: its report is
 * written when it changes and otherwise seldom (to outlive the bucket's time-to-live), and the one
 * heartbeat per replica keeps all of them current. At 200 idle pipelines the reports had been three
 * writes a second per replica, with as many deliveries to each api-service's watch.
 *
 * @param component the replica's component; read as null when a newer worker names one this version
 * does not know, and then vouches for nothing
 * @param replicaId the replica's own name, as in its reports' keys
 * @param heartbeatAt when the replica last checked its reports (its clock)
 * @param since when the replica process began to report (its clock): a report written before is of
 * an earlier process under the same id (a restarted container keeps its host name) and may be about a
 * pipeline it no longer runs, so this heartbeat does not vouch for it
 */
public record ReplicaHeartbeat(
        @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL) Component component, String replicaId,
        Instant heartbeatAt, Instant since) {

    /** Whether this heartbeat says that {@code report}, as it stands, is still current at its own time. */
    public boolean vouchesFor(WorkerStatus report) {
        return component != null && component == report.component() && Objects.equals(replicaId, report.replicaId())
                && heartbeatAt != null && since != null && report.heartbeatAt() != null
                && !report.heartbeatAt().isBefore(since);
    }

    /**
     * {@code report} with this heartbeat's time when this heartbeat vouches for it and is the later;
     * else {@code report} as it is.
     */
    public WorkerStatus current(WorkerStatus report) {
        return vouchesFor(report) && heartbeatAt.isAfter(report.heartbeatAt()) ? report.withHeartbeatAt(heartbeatAt)
                : report;
    }
}

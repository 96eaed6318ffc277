package io.sluice.api.status;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.InvalidControlJsonException;
import io.sluice.model.control.ReplicaHeartbeat;
import io.sluice.model.control.WorkerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status bucket's reports and heartbeats read by listing its keys (a consumer on the server and
 * a request per key): for a read that cannot wait for a watch. A value this version cannot read is
 * skipped, and a key that expired between the listing and its read.
 */
public final class StatusListing {

    private static final Logger log = LoggerFactory.getLogger(StatusListing.class);

    private StatusListing() {
    }

    /** The reports under a key filter ({@code >} for all; heartbeats are never among them). */
    public static List<CurrentReports.Written<WorkerStatus>> reports(KeyValue bucket, String filter)
            throws IOException, JetStreamApiException, InterruptedException {
        List<CurrentReports.Written<WorkerStatus>> reports = new ArrayList<>();
        for (String key : bucket.keys(filter)) {
            if (ControlKeys.isReplicaHeartbeatKey(key)) {
                continue;
            }
            KeyValueEntry entry = bucket.get(key);
            if (entry == null || entry.getValue() == null) {
                continue;
            }
            try {
                reports.add(new CurrentReports.Written<>(ControlJson.readStatus(entry.getValue()),
                        entry.getCreated().toInstant()));
            } catch (InvalidControlJsonException e) {
                log.debug("Skipping unreadable status {}: {}", key, e.getMessage());
            }
        }
        return reports;
    }

    /** Every replica's heartbeat. */
    public static List<CurrentReports.Written<ReplicaHeartbeat>> heartbeats(KeyValue bucket)
            throws IOException, JetStreamApiException, InterruptedException {
        List<CurrentReports.Written<ReplicaHeartbeat>> heartbeats = new ArrayList<>();
        for (String key : bucket.keys(ControlKeys.replicaHeartbeatKeys())) {
            KeyValueEntry entry = bucket.get(key);
            if (entry == null || entry.getValue() == null) {
                continue;
            }
            try {
                heartbeats.add(new CurrentReports.Written<>(ControlJson.readHeartbeat(entry.getValue()),
                        entry.getCreated().toInstant()));
            } catch (InvalidControlJsonException e) {
                log.debug("Skipping unreadable heartbeat {}: {}", key, e.getMessage());
            }
        }
        return heartbeats;
    }
}

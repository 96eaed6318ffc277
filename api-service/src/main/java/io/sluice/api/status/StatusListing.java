package io.sluice.api.status;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.InvalidControlJsonException;
import io.sluice.model.control.ReplicaHeartbeat;
import io.sluice.model.control.WorkerStatus;
import io.sluice.nats.KvMirror;
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

    /**
     * The reports under a key filter that are still shown at {@code now}, at the time of their
     * replicas' heartbeats ({@link CurrentReports}). The heartbeats are listed only when a report
     * was found: a pipeline nobody reports on, as most are once removed, costs one listing.
     */
    public static List<KvMirror.Entry<WorkerStatus>> current(KeyValue bucket, String filter, Instant now)
            throws IOException, JetStreamApiException, InterruptedException {
        List<KvMirror.Entry<WorkerStatus>> reports = reports(bucket, filter);
        return reports.isEmpty() ? reports : CurrentReports.of(reports, heartbeats(bucket), now);
    }

    /** The reports under a key filter ({@code >} for all; heartbeats are never among them). */
    public static List<KvMirror.Entry<WorkerStatus>> reports(KeyValue bucket, String filter)
            throws IOException, JetStreamApiException, InterruptedException {
        return read(bucket, filter, key -> !ControlKeys.isReplicaHeartbeatKey(key), ControlJson::readStatus);
    }

    /** Every replica's heartbeat. */
    public static List<KvMirror.Entry<ReplicaHeartbeat>> heartbeats(KeyValue bucket)
            throws IOException, JetStreamApiException, InterruptedException {
        return read(bucket, ControlKeys.replicaHeartbeatKeys(), key -> true, ControlJson::readHeartbeat);
    }

    private static <T> List<KvMirror.Entry<T>> read(KeyValue bucket, String filter, Predicate<String> wanted,
            Function<byte[], T> parse) throws IOException, JetStreamApiException, InterruptedException {
        List<KvMirror.Entry<T>> values = new ArrayList<>();
        for (String key : bucket.keys(filter)) {
            if (!wanted.test(key)) {
                continue;
            }
            KeyValueEntry entry = bucket.get(key);
            if (entry == null || entry.getValue() == null) {
                continue;
            }
            try {
                values.add(new KvMirror.Entry<>(parse.apply(entry.getValue()), entry.getCreated().toInstant()));
            } catch (InvalidControlJsonException e) {
                log.debug("Skipping unreadable status value {}: {}", key, e.getMessage());
            }
        }
        return values;
    }
}

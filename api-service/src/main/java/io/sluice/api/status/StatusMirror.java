package io.sluice.api.status;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.InvalidControlJsonException;
import io.sluice.model.control.ReplicaHeartbeat;
import io.sluice.model.control.WorkerStatus;
import io.sluice.nats.KvMirror;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every replica's report as a watch of the status bucket delivered it ({@link KvMirror}), so that
 * reading all of them costs NATS nothing: listing the bucket made a consumer on the server and one
 * request per key, and the sampler did that every few seconds for hundreds of pipelines. The
 * replicas' heartbeats, in the same bucket, are mirrored apart and keep their reports current; a
 * report neither written nor vouched for within a minute is left out ({@link CurrentReports}), which
 * also covers a key that aged out of the bucket (it gets no delete marker): a live replica rewrites
 * its reports well within the bucket's time-to-live.
 */
final class StatusMirror implements KeyValueWatcher {

    private static final Logger log = LoggerFactory.getLogger(StatusMirror.class);

    private final Clock clock;
    private final KvMirror<WorkerStatus> reports = new KvMirror<>(skippingUnreadable(ControlJson::readStatus));
    private final KvMirror<ReplicaHeartbeat> heartbeats = new KvMirror<>(skippingUnreadable(ControlJson::readHeartbeat));

    StatusMirror(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void watch(KeyValueEntry entry) {
        mirrorOf(entry.getKey()).watch(entry);
    }

    @Override
    public void endOfData() {
        reports.endOfData();
        heartbeats.endOfData();
    }

    void written(String key, byte[] value, Instant writtenAt) {
        mirrorOf(key).written(key, value, writtenAt);
    }

    void removed(String key) {
        mirrorOf(key).removed(key);
    }

    private KvMirror<?> mirrorOf(String key) {
        return ControlKeys.isReplicaHeartbeatKey(key) ? heartbeats : reports;
    }

    /**
     * The reports under keys starting with {@code keyPrefix} (every report for an empty prefix) that
     * are still shown, at the time of their replica's latest heartbeat ({@link CurrentReports}); null
     * until the watch has delivered what the bucket held when it began.
     */
    List<WorkerStatus> reports(String keyPrefix) {
        Map<String, KvMirror.Entry<WorkerStatus>> under = reports.under(keyPrefix);
        Map<String, KvMirror.Entry<ReplicaHeartbeat>> beats = heartbeats.under("");
        if (under == null || beats == null) {
            return null;
        }
        return CurrentReports.of(under.values(), beats.values(), clock.instant()).stream().map(KvMirror.Entry::value)
                .toList();
    }

    // A value this version cannot read is skipped, as a listing skipped it.
    private static <T> Function<byte[], T> skippingUnreadable(Function<byte[], T> read) {
        return value -> {
            try {
                return read.apply(value);
            } catch (InvalidControlJsonException e) {
                log.debug("Skipping an unreadable status value: {}", e.getMessage());
                return null;
            }
        };
    }
}

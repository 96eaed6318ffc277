package io.sluice.api.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.InvalidControlJsonException;
import io.sluice.model.control.WorkerStatus;
import io.sluice.nats.KvMirror;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every replica's report as a watch of the status bucket delivered it ({@link KvMirror}), so that
 * reading all of them costs NATS nothing: listing the bucket made a consumer on the server and one
 * request per key, and the sampler did that every few seconds for hundreds of pipelines. A key
 * that ages out of the bucket gets no delete marker, so a report older than the bucket's
 * time-to-live is left out here as the bucket has dropped it.
 */
final class StatusMirror implements KeyValueWatcher {

    private static final Logger log = LoggerFactory.getLogger(StatusMirror.class);

    private final Duration keyTtl;
    private final Clock clock;
    private final KvMirror<WorkerStatus> reports = new KvMirror<>(StatusMirror::readable);

    /** @param keyTtl the status bucket's time-to-live of a key; zero when its keys never age out */
    StatusMirror(Duration keyTtl, Clock clock) {
        this.keyTtl = keyTtl;
        this.clock = clock;
    }

    @Override
    public void watch(KeyValueEntry entry) {
        reports.watch(entry);
    }

    @Override
    public void endOfData() {
        reports.endOfData();
    }

    void written(String key, byte[] value, Instant writtenAt) {
        reports.written(key, value, writtenAt);
    }

    void removed(String key) {
        reports.removed(key);
    }

    /**
     * The reports under keys starting with {@code keyPrefix} (every report for an empty prefix);
     * null until the watch has delivered what the bucket held when it began.
     */
    List<WorkerStatus> reports(String keyPrefix) {
        Map<String, KvMirror.Entry<WorkerStatus>> under = reports.under(keyPrefix);
        if (under == null) {
            return null;
        }
        Instant aged = keyTtl.isZero() ? Instant.MIN : clock.instant().minus(keyTtl);
        List<WorkerStatus> found = new ArrayList<>();
        for (KvMirror.Entry<WorkerStatus> received : under.values()) {
            if (received.writtenAt().isAfter(aged)) {
                found.add(received.value());
            }
        }
        return found;
    }

    // A value this version cannot read is skipped, as a listing skipped it.
    private static WorkerStatus readable(byte[] value) {
        try {
            return ControlJson.readStatus(value);
        } catch (InvalidControlJsonException e) {
            log.debug("Skipping an unreadable status: {}", e.getMessage());
            return null;
        }
    }
}

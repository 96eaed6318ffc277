package io.sluice.api.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.InvalidControlJsonException;
import io.sluice.model.control.WorkerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every replica's report as a watch of the status bucket delivered it, so that reading all of them
 * costs NATS nothing: listing the bucket made a consumer on the server and one request per key, and
 * the sampler did that every few seconds for hundreds of pipelines. A key that ages out of the
 * bucket gets no delete marker, so a report older than the bucket's time-to-live is left out here
 * as the bucket has dropped it.
 */
final class StatusMirror implements KeyValueWatcher {

    private static final Logger log = LoggerFactory.getLogger(StatusMirror.class);

    private record Received(WorkerStatus status, Instant writtenAt) {
    }

    private final Duration keyTtl;
    private final Clock clock;
    private final Map<String, Received> reports = new ConcurrentHashMap<>();
    private volatile boolean complete;

    /** @param keyTtl the status bucket's time-to-live of a key; zero when its keys never age out */
    StatusMirror(Duration keyTtl, Clock clock) {
        this.keyTtl = keyTtl;
        this.clock = clock;
    }

    @Override
    public void watch(KeyValueEntry entry) {
        if (entry.getOperation() == KeyValueOperation.PUT && entry.getValue() != null) {
            written(entry.getKey(), entry.getValue(), entry.getCreated().toInstant());
        } else {
            removed(entry.getKey());
        }
    }

    @Override
    public void endOfData() {
        complete = true;
    }

    void written(String key, byte[] value, Instant writtenAt) {
        try {
            reports.put(key, new Received(ControlJson.readStatus(value), writtenAt));
        } catch (InvalidControlJsonException e) {
            // A value this version cannot read is skipped, as a listing skipped it.
            reports.remove(key);
            log.debug("Skipping unreadable status {}: {}", key, e.getMessage());
        }
    }

    void removed(String key) {
        reports.remove(key);
    }

    /**
     * The reports under keys starting with {@code keyPrefix} (every report for an empty prefix);
     * null until the watch has delivered what the bucket held when it began.
     */
    List<WorkerStatus> reports(String keyPrefix) {
        if (!complete) {
            return null;
        }
        Instant aged = keyTtl.isZero() ? Instant.MIN : clock.instant().minus(keyTtl);
        List<WorkerStatus> found = new ArrayList<>();
        reports.forEach((key, received) -> {
            if (key.startsWith(keyPrefix) && received.writtenAt().isAfter(aged)) {
                found.add(received.status());
            }
        });
        return found;
    }
}

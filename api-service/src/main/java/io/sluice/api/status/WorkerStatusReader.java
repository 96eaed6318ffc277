package io.sluice.api.status;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.JetStreamErrors;
import io.sluice.nats.KvMirror;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads the replicas' reports from the status KV bucket: from a {@link StatusMirror} that one watch
 * of the bucket keeps current, and by listing the bucket until that watch has begun (the bucket
 * does not exist yet, NATS is away) or delivered what the bucket held.
 */
@Component
class WorkerStatusReader implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkerStatusReader.class);

    // How often a read tries again to begin the watch: each try asks NATS for the bucket.
    private static final Duration WATCH_RETRY = Duration.ofSeconds(10);

    private final Connection connection;

    private final NatsNames names;

    private final Clock clock;

    private StatusMirror mirror;

    private NatsKeyValueWatchSubscription watch;

    // When a read may next try to begin the watch.
    private long nextWatchTry = Long.MIN_VALUE;

    @Autowired
    WorkerStatusReader(Connection connection, NatsNames names) {
        this(connection, names, Clock.systemUTC());
    }

    WorkerStatusReader(Connection connection, NatsNames names, Clock clock) {
        this.connection = connection;
        this.names = names;
        this.clock = clock;
    }

    /**
     * The reports under {@code <pipelineId>.>}; none when the bucket does not exist (no worker ever
     * reported). A value this version cannot read is skipped.
     * @throws StatusUnavailableException when NATS cannot be reached
     */
    List<WorkerStatus> read(String pipelineId) {
        return readMatching(ControlKeys.statusKeysOf(pipelineId));
    }

    /**
     * Every replica's report about every pipeline, for the metrics sampler.
     * @throws StatusUnavailableException when NATS cannot be reached
     */
    List<WorkerStatus> readAll() {
        return readMatching(">");
    }

    /** @param filter a key filter ending in {@code >}: the mirror reads the keys starting with what comes before */
    private List<WorkerStatus> readMatching(String filter) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            throw new StatusUnavailableException("NATS is not connected (" + connection.getStatus() + ")", null);
        }
        StatusMirror current = watching();
        List<WorkerStatus> mirrored = current == null ? null : current.reports(filter.substring(0, filter.length() - 1));
        return mirrored != null ? mirrored : readKeys(filter);
    }

    /** The mirror, its watch begun now if it has not been and was not tried within {@link #WATCH_RETRY}. */
    private synchronized StatusMirror watching() {
        long now = clock.millis();
        if (mirror != null || now < nextWatchTry) {
            return mirror;
        }
        nextWatchTry = now + WATCH_RETRY.toMillis();
        try {
            StatusMirror begun = new StatusMirror(clock);
            watch = connection.keyValue(names.statusBucket()).watchAll(begun);
            mirror = begun;
            log.info("Watching worker status in KV bucket {}", names.statusBucket());
        } catch (JetStreamApiException | IOException e) {
            log.debug("Not watching KV bucket {} yet, listing it: {}", names.statusBucket(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return mirror;
    }

    private List<WorkerStatus> readKeys(String filter) {
        try {
            KeyValue bucket = connection.keyValue(names.statusBucket());
            return StatusListing.current(bucket, filter, clock.instant()).stream().map(KvMirror.Entry::value).toList();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
                return List.of();
            }
            throw new StatusUnavailableException(e.getMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof JetStreamApiException api && api.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
                return List.of();
            }
            throw new StatusUnavailableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusUnavailableException("Interrupted", e);
        }
    }

    @Override
    public synchronized void destroy() {
        if (watch != null) {
            try {
                watch.unsubscribe();
            } catch (RuntimeException e) {
                log.debug("Unsubscribing the status watch failed: {}", e.toString());
            }
        }
    }
}

package io.sluice.api.status;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.InvalidControlJsonException;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.JetStreamErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Reads every replica's report about one pipeline from the status KV bucket. */
@Component
class WorkerStatusReader {

    private static final Logger log = LoggerFactory.getLogger(WorkerStatusReader.class);

    private final Connection connection;

    private final NatsNames names;

    WorkerStatusReader(Connection connection, NatsNames names) {
        this.connection = connection;
        this.names = names;
    }

    /**
     * The reports under {@code <pipelineId>.>}; none when the bucket does not exist (no worker ever
     * reported). A value this version cannot read is skipped.
     * @throws StatusUnavailableException when NATS cannot be reached
     */
    List<WorkerStatus> read(String pipelineId) {
        return readKeys(ControlKeys.statusKeysOf(pipelineId));
    }

    /**
     * Every replica's report about every pipeline, for the metrics sampler.
     * @throws StatusUnavailableException when NATS cannot be reached
     */
    List<WorkerStatus> readAll() {
        return readKeys(">");
    }

    private List<WorkerStatus> readKeys(String filter) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            throw new StatusUnavailableException("NATS is not connected (" + connection.getStatus() + ")", null);
        }
        try {
            KeyValue bucket = connection.keyValue(names.statusBucket());
            List<WorkerStatus> reports = new ArrayList<>();
            for (String key : bucket.keys(filter)) {
                KeyValueEntry entry = bucket.get(key);
                if (entry == null || entry.getValue() == null) {
                    continue; // expired since it was listed
                }
                try {
                    reports.add(ControlJson.readStatus(entry.getValue()));
                } catch (InvalidControlJsonException e) {
                    log.debug("Skipping unreadable status {}: {}", key, e.getMessage());
                }
            }
            return reports;
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
}

package io.sluice.api.removal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PurgeOptions;
import io.nats.client.api.PurgeResponse;
import io.sluice.api.status.StatusListing;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.JetStreamErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** {@link PipelineTraces} in NATS: the definitions and status buckets, the streams and the stages' buckets. */
@Component
class NatsPipelineTraces implements PipelineTraces {

    private static final Logger log = LoggerFactory.getLogger(NatsPipelineTraces.class);

    private final Connection connection;

    private final NatsNames names;

    NatsPipelineTraces(Connection connection, NatsNames names) {
        this.connection = connection;
        this.names = names;
    }

    @Override
    public boolean workersTold(String pipelineId) {
        // A missing definitions bucket tells nothing: workers may run what they read before it went.
        return call(() -> this.connection.keyValue(this.names.definitionsBucket())
                .get(ControlKeys.definitionKey(pipelineId)) == null);
    }

    @Override
    public List<String> reporting(String pipelineId) {
        // A missing status bucket is not "nobody reports": workers cannot report until the
        // api-service creates it again, so that fails like any outage and the removal waits.
        // A report counts while it is shown (CurrentReports): the bucket keeps a dead replica's
        // keys for its 20-minute time-to-live, which the removal need not wait for.
        return call(() -> StatusListing.current(this.connection.keyValue(this.names.statusBucket()),
                ControlKeys.statusKeysOf(pipelineId), Instant.now()).stream().map(report -> report.value().key()).toList());
    }

    @Override
    public void erase(String pipelineId) {
        call(() -> {
            JetStreamManagement jsm = this.connection.jetStreamManagement();
            // The consumers (the stages' positions in the stream) go with the streams.
            deleteStream(jsm, this.names.dataStream(pipelineId));
            deleteStream(jsm, this.names.deadLetterStream(pipelineId));
            // The stages' keys of a pipeline all start with "<pipeline>.": sink progress
            // <pipeline>.<stage>.<source>, dedup lanes <pipeline>.<source>.<part>, dedup replicas
            // <pipeline>.<replica>, join lanes and replicas likewise, replay ledger <pipeline>.<hash>. A
            // pipeline id is one key token, so the filter never matches another pipeline's keys.
            for (String bucket : List.of(this.names.sinkProgressBucket(), this.names.dedupLanesBucket(),
                    this.names.dedupReplicasBucket(), this.names.joinLanesBucket(), this.names.joinReplicasBucket(),
                    this.names.replayLedgerBucket())) {
                purgeKeys(jsm, bucket, ControlKeys.definitionKey(pipelineId));
            }
            return null;
        });
    }

    private static void deleteStream(JetStreamManagement jsm, String stream)
            throws IOException, JetStreamApiException {
        try {
            jsm.deleteStream(stream);
            log.info("Deleted stream {}", stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JetStreamErrors.STREAM_NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * Purges every message of the bucket's keys under {@code <pipeline>.}, history included, from
     * the bucket's stream: a KV purge per key would leave a marker behind for each.
     */
    private static void purgeKeys(JetStreamManagement jsm, String bucket, String pipelineId)
            throws IOException, JetStreamApiException {
        // The layout of every NATS KV bucket: stream KV_<bucket>, subjects $KV.<bucket>.<key>.
        try {
            PurgeResponse purged = jsm.purgeStream("KV_" + bucket,
                    PurgeOptions.subject("$KV." + bucket + "." + pipelineId + ".>"));
            if (purged.getPurged() > 0) {
                log.info("Purged {} message(s) of pipeline {} from KV bucket {}", purged.getPurged(), pipelineId,
                        bucket);
            }
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JetStreamErrors.STREAM_NOT_FOUND) {
                throw e;
            }
        }
    }

    private <T> T call(NatsCall<T> call) {
        if (this.connection.getStatus() != Connection.Status.CONNECTED) {
            throw new TracesUnavailableException("NATS is not connected (" + this.connection.getStatus() + ")", null);
        }
        try {
            return call.run();
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            throw new TracesUnavailableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TracesUnavailableException("Interrupted", e);
        }
    }

    @FunctionalInterface
    private interface NatsCall<T> {
        T run() throws IOException, JetStreamApiException, InterruptedException;
    }
}

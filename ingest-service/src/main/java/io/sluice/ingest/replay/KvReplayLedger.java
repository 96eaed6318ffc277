package io.sluice.ingest.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;

/**
 * {@link ReplayLedger} in a NATS KV bucket ({@link NatsNames#replayLedgerBucket()}), one key per
 * replayed dead letter: {@code <pipeline>.<SHA-256 of the replay id>} (a replay id holds ':' and
 * other characters KV keys do not allow). Entries expire after {@code ttl}, which should be at
 * least the dead-letter streams' maximum age: a dead letter cannot be replayed after it expired.
 */
public final class KvReplayLedger implements ReplayLedger {

    private static final int STREAM_NOT_FOUND = 10059;

    private final Connection connection;

    private final String bucket;

    private final Duration ttl;

    private final long maxBytes;

    private final NatsReplicas replicas;

    private volatile KeyValue keyValue;

    /** @param replicas how many copies JetStream keeps of the bucket ({@code sluice.nats.replicas}) */
    public KvReplayLedger(Connection connection, NatsNames names, Duration ttl, long maxBytes, NatsReplicas replicas) {
        this.connection = connection;
        this.bucket = names.replayLedgerBucket();
        this.ttl = ttl;
        this.maxBytes = maxBytes;
        this.replicas = replicas;
    }

    @Override
    public void ensure() throws IOException {
        KeyValueConfiguration configuration = KeyValueConfiguration.builder().name(bucket).storageType(StorageType.File)
                .maxHistoryPerKey(1).ttl(ttl).maxBucketSize(maxBytes).replicas(replicas.count()).build();
        try {
            KeyValueManagement kvm = connection.keyValueManagement();
            try {
                requireReplicasHeld(kvm.getStatus(bucket));
                kvm.update(configuration);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                try {
                    kvm.create(configuration);
                } catch (JetStreamApiException raced) {
                    if (replicas.refusedBy(raced.getApiErrorCode())) {
                        throw replicas.refused("KV bucket", bucket, raced);
                    }
                    // Another replica created it in between: bring it to our settings.
                    if (replicas.count() > 1) {
                        requireReplicasHeld(kvm.getStatus(bucket));
                    }
                    kvm.update(configuration);
                }
            }
            keyValue = connection.keyValue(bucket);
        } catch (JetStreamApiException e) {
            throw new IOException("creating the KV bucket " + bucket + " failed: " + e.getErrorDescription(), e);
        }
    }

    // A single server accepts raising an existing bucket's replicas and then keeps one copy while
    // reporting more: refuse before updating.
    private void requireReplicasHeld(KeyValueStatus existing) {
        replicas.requireHeldBy(existing.getBackingStreamInfo().getClusterInfo() != null, "KV bucket", bucket);
    }

    @Override
    public boolean contains(String pipelineId, String replayId) throws IOException {
        try {
            return bucket().get(key(pipelineId, replayId)) != null;
        } catch (JetStreamApiException e) {
            throw new IOException("reading " + bucket + " failed: " + e.getErrorDescription(), e);
        }
    }

    @Override
    public void add(String pipelineId, String replayId) throws IOException {
        try {
            bucket().put(key(pipelineId, replayId), replayId.getBytes(StandardCharsets.UTF_8));
        } catch (JetStreamApiException e) {
            throw new IOException("writing to " + bucket + " failed: " + e.getErrorDescription(), e);
        }
    }

    private KeyValue bucket() throws IOException {
        KeyValue current = keyValue;
        if (current == null) {
            ensure();
            current = keyValue;
        }
        return current;
    }

    static String key(String pipelineId, String replayId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(replayId.getBytes(StandardCharsets.UTF_8));
            return pipelineId + "." + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

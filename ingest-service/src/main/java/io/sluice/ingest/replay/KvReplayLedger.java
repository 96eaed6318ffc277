package io.sluice.ingest.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.CasBucket;

/**
 * {@link ReplayLedger} in a NATS KV bucket ({@link NatsNames#replayLedgerBucket()}), one key per
 * replayed dead letter: {@code <pipeline>.<SHA-256 of the replay id>} (a replay id holds ':' and
 * other characters KV keys do not allow). Entries expire after {@code ttl}, which should be at
 * least the dead-letter streams' maximum age: a dead letter cannot be replayed after it expired.
 */
public final class KvReplayLedger implements ReplayLedger {

    private final Connection connection;

    private final String bucket;

    private final Duration ttl;

    private final long maxBytes;

    private final NatsReplicas replicas;

    private volatile CasBucket store;

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
        try {
            store = CasBucket.open(connection, bucket, "Sluice replayed dead letters: each taken in once", ttl, maxBytes,
                    replicas);
        } catch (JetStreamApiException e) {
            throw new IOException("creating the KV bucket " + bucket + " failed: " + e.getErrorDescription(), e);
        }
    }

    @Override
    public boolean contains(String pipelineId, String replayId) throws IOException {
        try {
            return bucket().read(key(pipelineId, replayId)).value() != null;
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

    private CasBucket bucket() throws IOException {
        CasBucket current = store;
        if (current == null) {
            ensure();
            current = store;
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

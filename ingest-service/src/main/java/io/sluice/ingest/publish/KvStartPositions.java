package io.sluice.ingest.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.CasBucket;

/**
 * {@link StartPositions} in a NATS KV bucket ({@link NatsNames#ingestStartsBucket()}) without
 * expiry, one key per partition: {@code <pipeline>.<SHA-256 of source and topic>.<partition>}
 * (topic names may hold characters KV keys do not allow), the offset in decimal.
 */
public final class KvStartPositions implements StartPositions {

    private final Connection connection;

    private final String bucket;

    private final NatsReplicas replicas;

    private volatile CasBucket kv;

    /** @param replicas how many copies JetStream keeps of the bucket ({@code sluice.nats.replicas}) */
    public KvStartPositions(Connection connection, NatsNames names, NatsReplicas replicas) {
        this.connection = connection;
        this.bucket = names.ingestStartsBucket();
        this.replicas = replicas;
    }

    /** One copy of the bucket, as on a single NATS server. */
    public KvStartPositions(Connection connection, NatsNames names) {
        this(connection, names, NatsReplicas.ONE);
    }

    @Override
    public OptionalLong startOf(String pipelineId, String sourceId, String topic, int partition) throws IOException {
        String key = prefix(pipelineId, sourceId, topic) + partition;
        byte[] stored;
        try {
            stored = bucket().read(key).value();
        } catch (JetStreamApiException e) {
            throw new IOException("reading " + bucket + " failed: " + e.getErrorDescription(), e);
        }
        if (stored == null) {
            return OptionalLong.empty();
        }
        String value = new String(stored, StandardCharsets.UTF_8);
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IOException(bucket + " holds \"" + value + "\" for " + key + ", not an offset");
        }
    }

    @Override
    public boolean startedBefore(String pipelineId, String sourceId, String topic) throws IOException {
        try {
            return !bucket().keys(prefix(pipelineId, sourceId, topic) + "*").isEmpty();
        } catch (JetStreamApiException e) {
            throw new IOException("listing " + bucket + " failed: " + e.getErrorDescription(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing " + bucket, e);
        }
    }

    @Override
    public void record(String pipelineId, String sourceId, String topic, int partition, long offset) throws IOException {
        try {
            bucket().put(prefix(pipelineId, sourceId, topic) + partition, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        } catch (JetStreamApiException e) {
            throw new IOException("writing to " + bucket + " failed: " + e.getErrorDescription(), e);
        }
    }

    /** Created (or brought to these settings) on first use, without expiry. */
    private CasBucket bucket() throws IOException {
        CasBucket current = kv;
        if (current == null) {
            synchronized (this) {
                if (kv == null) {
                    try {
                        kv = CasBucket.open(connection, bucket, "where a latest source's first start began, per partition",
                                null, replicas);
                    } catch (JetStreamApiException e) {
                        throw new IOException("creating the KV bucket " + bucket + " failed: " + e.getErrorDescription(), e);
                    }
                }
                current = kv;
            }
        }
        return current;
    }

    static String prefix(String pipelineId, String sourceId, String topic) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((sourceId + "\n" + topic).getBytes(StandardCharsets.UTF_8));
            return pipelineId + "." + HexFormat.of().formatHex(digest) + ".";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

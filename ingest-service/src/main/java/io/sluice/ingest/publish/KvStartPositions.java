package io.sluice.ingest.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import io.sluice.model.nats.NatsNames;

/**
 * {@link StartPositions} in a NATS KV bucket ({@link NatsNames#ingestStartsBucket()}) without
 * expiry, one key per partition: {@code <pipeline>.<SHA-256 of source and topic>.<partition>}
 * (topic names may hold characters KV keys do not allow), the offset in decimal.
 */
public final class KvStartPositions implements StartPositions {

    private static final int STREAM_NOT_FOUND = 10059;

    private final Connection connection;

    private final String bucket;

    private volatile KeyValue keyValue;

    public KvStartPositions(Connection connection, NatsNames names) {
        this.connection = connection;
        this.bucket = names.ingestStartsBucket();
    }

    @Override
    public OptionalLong startOf(String pipelineId, String sourceId, String topic, int partition) throws IOException {
        KeyValueEntry entry;
        try {
            entry = bucket().get(prefix(pipelineId, sourceId, topic) + partition);
        } catch (JetStreamApiException e) {
            throw new IOException("reading " + bucket + " failed: " + e.getErrorDescription(), e);
        }
        if (entry == null || entry.getValue() == null) {
            return OptionalLong.empty();
        }
        String value = new String(entry.getValue(), StandardCharsets.UTF_8);
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IOException(bucket + " holds \"" + value + "\" for " + entry.getKey() + ", not an offset");
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
            bucket().put(prefix(pipelineId, sourceId, topic) + partition, Long.toString(offset));
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

    /** Creates the bucket, or brings it to these settings (create-or-update, never recreate). */
    private synchronized void ensure() throws IOException {
        if (keyValue != null) {
            return;
        }
        KeyValueConfiguration configuration = KeyValueConfiguration.builder().name(bucket)
                .storageType(StorageType.File).maxHistoryPerKey(1).build();
        try {
            KeyValueManagement kvm = connection.keyValueManagement();
            try {
                kvm.getStatus(bucket);
                kvm.update(configuration);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                try {
                    kvm.create(configuration);
                } catch (JetStreamApiException raced) {
                    // Another replica created it in between: bring it to our settings.
                    kvm.update(configuration);
                }
            }
            keyValue = connection.keyValue(bucket);
        } catch (JetStreamApiException e) {
            throw new IOException("creating the KV bucket " + bucket + " failed: " + e.getErrorDescription(), e);
        }
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

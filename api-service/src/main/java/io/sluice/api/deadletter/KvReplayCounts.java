package io.sluice.api.deadletter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import io.sluice.nats.JetStreamErrors;

/**
 * {@link ReplayCounts} in a NATS KV bucket, key {@code <pipeline>.<identity>}, value the count as
 * decimal text. Written with compare-and-set, so two replays at once both count. Entries expire
 * after {@link #KEPT}, well after the dead letters themselves (7 days by default); each replay
 * writes its entry again, which keeps it.
 */
class KvReplayCounts implements ReplayCounts {

    static final Duration KEPT = Duration.ofDays(30);

    private static final int ATTEMPTS = 5;

    private final Connection connection;

    private final String bucket;

    private final int replicas;

    private volatile KeyValue kv;

    KvReplayCounts(Connection connection, String bucket, int replicas) {
        this.connection = connection;
        this.bucket = bucket;
        this.replicas = replicas;
    }

    @Override
    public long replays(String pipelineId, String identity) {
        try {
            KeyValueEntry entry = kv().get(key(pipelineId, identity));
            return count(entry);
        } catch (IOException | JetStreamApiException e) {
            throw new DeadLetterStreamUnavailableException("Could not read how often dead letters of pipeline '"
                    + pipelineId + "' were replayed: " + e.getMessage(), e);
        }
    }

    @Override
    public void replayed(String pipelineId, String identity) {
        String key = key(pipelineId, identity);
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                KeyValueEntry entry = kv().get(key);
                byte[] next = Long.toString(count(entry) + 1).getBytes(StandardCharsets.UTF_8);
                try {
                    if (entry == null || entry.getValue() == null) {
                        kv().create(key, next);
                    } else {
                        kv().update(key, next, entry.getRevision());
                    }
                    return;
                } catch (JetStreamApiException e) {
                    // Another replay wrote first: read its count and add to that.
                    if (e.getApiErrorCode() != JetStreamErrors.WRONG_LAST_SEQUENCE) {
                        throw e;
                    }
                }
            }
        } catch (IOException | JetStreamApiException e) {
            throw new DeadLetterStreamUnavailableException("Could not count a replay of pipeline '" + pipelineId + "': "
                    + e.getMessage(), e);
        }
    }

    private static long count(KeyValueEntry entry) {
        if (entry == null || entry.getValue() == null || entry.getValue().length == 0) {
            return 0;
        }
        try {
            return Long.parseLong(new String(entry.getValue(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String key(String pipelineId, String identity) {
        return pipelineId + "." + identity;
    }

    private KeyValue kv() throws IOException, JetStreamApiException {
        KeyValue open = this.kv;
        if (open == null) {
            ensureBucket();
            open = connection.keyValue(bucket);
            this.kv = open;
        }
        return open;
    }

    // Created on first use, never deleted and re-created: the counts would be lost.
    private void ensureBucket() throws IOException, JetStreamApiException {
        KeyValueManagement management = connection.keyValueManagement();
        try {
            management.getBucketInfo(bucket);
        } catch (JetStreamApiException e) {
            if (!JetStreamErrors.streamNotFound(e)) {
                throw e;
            }
            try {
                management.create(KeyValueConfiguration.builder()
                        .name(bucket)
                        .description("Sluice: how many times each dead-lettered event was replayed, written by the api-service")
                        .maxHistoryPerKey(1)
                        .ttl(KEPT)
                        .storageType(StorageType.File)
                        .replicas(replicas)
                        .build());
            } catch (JetStreamApiException raced) {
                // Another api-service replica created it meanwhile.
                management.getBucketInfo(bucket);
            }
        }
    }
}

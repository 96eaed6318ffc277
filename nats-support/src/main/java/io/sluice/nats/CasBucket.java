package io.sluice.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.sluice.model.nats.NatsReplicas;

/**
 * A NATS KV bucket a stage keeps its own state in (sink progress, dedup lanes), written only by
 * compare-and-set on the revision read: two replicas never both believe they moved the same key.
 * The state lives beside the data it describes, on the same JetStream.
 */
public final class CasBucket {

    /** What {@link #compareAndSet} returns when another writer got there first. */
    public static final long LOST = -1;

    /** No size limit for {@link #open(Connection, String, String, Duration, long, NatsReplicas)}. */
    public static final long UNLIMITED = -1;

    private final KeyValue kv;

    private CasBucket(KeyValue kv) {
        this.kv = kv;
    }

    /**
     * Creates or updates the bucket (one value per key, file storage, {@code replicas} copies) and opens it.
     * @param ttl how long a key lives without being written again, or null for ever
     * @throws NatsReplicas.ReplicasRefusedException if the server cannot hold that many copies
     */
    public static CasBucket open(Connection connection, String bucket, String description, Duration ttl,
            NatsReplicas replicas) throws IOException, JetStreamApiException {
        return open(connection, bucket, description, ttl, UNLIMITED, replicas);
    }

    /**
     * As {@link #open(Connection, String, String, Duration, NatsReplicas)}, with a size limit.
     * @param maxBytes the most the bucket holds, or {@link #UNLIMITED}
     */
    public static CasBucket open(Connection connection, String bucket, String description, Duration ttl, long maxBytes,
            NatsReplicas replicas) throws IOException, JetStreamApiException {
        var kvm = connection.keyValueManagement();
        KeyValueConfiguration.Builder configuration = KeyValueConfiguration.builder()
                .name(bucket)
                .description(description)
                .maxHistoryPerKey(1)
                .storageType(StorageType.File)
                .replicas(replicas.count());
        if (ttl != null) {
            configuration.ttl(ttl);
        }
        if (maxBytes != UNLIMITED) {
            configuration.maxBucketSize(maxBytes);
        }
        try {
            requireReplicasHeld(kvm.getStatus(bucket), replicas);
            kvm.update(configuration.build());
        } catch (JetStreamApiException missing) {
            try {
                kvm.create(configuration.build());
            } catch (JetStreamApiException raced) {
                if (JetStreamErrors.replicasNotSupported(raced)) {
                    throw replicas.refused("KV bucket", bucket, raced);
                }
                // Another replica created it in between: bring it to our settings.
                if (replicas.count() > 1) {
                    requireReplicasHeld(kvm.getStatus(bucket), replicas);
                }
                kvm.update(configuration.build());
            }
        }
        return new CasBucket(connection.keyValue(bucket));
    }

    // A single server accepts raising an existing bucket's replicas and then keeps one copy while
    // reporting more: refuse before updating, so a bucket never claims copies that do not exist.
    private static void requireReplicasHeld(KeyValueStatus existing, NatsReplicas replicas) {
        replicas.requireHeldBy(existing.getBackingStreamInfo().getClusterInfo() != null, "KV bucket", existing.getBucketName());
    }

    /** A key's value and revision; value null (revision 0 when never written) if it holds none. */
    public record Versioned(byte[] value, long revision) {
    }

    public Versioned read(String key) throws IOException, JetStreamApiException {
        KeyValueEntry entry = kv.get(key);
        if (entry == null) {
            return new Versioned(null, 0);
        }
        return new Versioned(entry.getOperation() == KeyValueOperation.PUT ? entry.getValue() : null, entry.getRevision());
    }

    /**
     * Writes {@code value} if the key is still at {@code expectedRevision} (0: never written).
     * @return the key's new revision, or {@link #LOST} if another writer wrote first
     */
    public long compareAndSet(String key, long expectedRevision, byte[] value) throws IOException, JetStreamApiException {
        try {
            return expectedRevision == 0 ? kv.create(key, value) : kv.update(key, value, expectedRevision);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamErrors.WRONG_LAST_SEQUENCE) {
                return LOST;
            }
            throw e;
        }
    }

    /** Writes unconditionally: for values only their own writer ever writes (heartbeats). */
    public void put(String key, byte[] value) throws IOException, JetStreamApiException {
        kv.put(key, value);
    }

    public void delete(String key) throws IOException, JetStreamApiException {
        kv.delete(key);
    }

    /**
     * Every value of the bucket now and from then on, pushed to {@code watcher} ({@code endOfData}
     * once the present ones came): one consumer, which the client resumes after a reconnect,
     * instead of a {@link #keys} (a consumer each time) per look.
     */
    public AutoCloseable watchAll(KeyValueWatcher watcher) throws IOException, JetStreamApiException, InterruptedException {
        NatsKeyValueWatchSubscription subscription = kv.watchAll(watcher);
        return subscription::unsubscribe;
    }

    /** The keys matching a filter ({@code a.b.*}, {@code a.>}) that hold a value. */
    public List<String> keys(String filter) throws IOException, JetStreamApiException, InterruptedException {
        return kv.keys(filter);
    }
}

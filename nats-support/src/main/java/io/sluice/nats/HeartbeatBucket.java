package io.sluice.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.nats.client.Connection;
import io.sluice.model.nats.NatsReplicas;
import org.slf4j.LoggerFactory;

/**
 * Replicas' heartbeats in a NATS KV bucket of a stage (dedup and join replicas, sink replicas):
 * each value is the time it was written, in milliseconds since the epoch, as decimal text readable
 * with any NATS client. The bucket has a time-to-live, so the keys of replicas that died (a
 * restart may bring a new replica id) go away by themselves; whether a replica is alive is judged
 * from the heartbeat's time, not from the key being there.
 */
public final class HeartbeatBucket {

    private final CasBucket bucket;
    // Heartbeats are asked for every few seconds (by every pipeline, or every lane): read from one
    // watch of the bucket per process rather than a listing (a consumer on the server) each time.
    // A key that aged out of the bucket keeps its old time there, which no longer counts as alive.
    private final KvMirror<Long> mirror = new KvMirror<>(HeartbeatBucket::time);

    private HeartbeatBucket(CasBucket bucket) {
        this.bucket = bucket;
    }

    /**
     * Creates or updates the bucket and watches it.
     *
     * @param ttl how long a key lives without being written again
     */
    public static HeartbeatBucket open(Connection connection, String bucket, String description, Duration ttl,
            NatsReplicas copies) throws Exception {
        HeartbeatBucket heartbeats = new HeartbeatBucket(CasBucket.open(connection, bucket, description, ttl, copies));
        try {
            heartbeats.bucket.watchAll(heartbeats.mirror);
        } catch (Exception e) {
            // Heartbeats are then listed on each look, as before there was a mirror.
            LoggerFactory.getLogger(HeartbeatBucket.class).warn("Watching {} failed, listing it instead: {}", bucket,
                    e.toString());
        }
        return heartbeats;
    }

    /** Writes the heartbeat under {@code key}, at {@code nowMillis}. */
    public void beat(String key, long nowMillis) throws Exception {
        bucket.put(key, Long.toString(nowMillis).getBytes(StandardCharsets.US_ASCII));
    }

    public void delete(String key) throws Exception {
        bucket.delete(key);
    }

    /**
     * By the rest of the key, the time of each heartbeat under keys starting with {@code prefix}
     * (a whole first token and its dot, like {@code orders.}; empty for all).
     */
    public Map<String, Long> under(String prefix) throws Exception {
        Map<String, KvMirror.Entry<Long>> mirrored = mirror.under(prefix);
        Map<String, Long> heartbeats = new HashMap<>();
        if (mirrored != null) {
            mirrored.forEach((rest, entry) -> heartbeats.put(rest, entry.value()));
            return heartbeats;
        }
        for (String key : bucket.keys(prefix + ">")) {
            byte[] value = bucket.read(key).value();
            Long at = value == null ? null : time(value);
            if (at != null) {
                heartbeats.put(key.substring(prefix.length()), at);
            }
        }
        return heartbeats;
    }

    // A heartbeat is the time it was written, in milliseconds; anything else is no heartbeat.
    private static Long time(byte[] value) {
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.sluice.sink.share;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import io.nats.client.Connection;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.HeartbeatBucket;

/**
 * Sink replicas' heartbeats in the sink's own {@link HeartbeatBucket}, one key per replica (its id,
 * a valid key token: {@code ControlKeys.replicaId}).
 */
public final class KvSinkReplicas implements SinkReplicas {

    private static final Duration KEY_TTL = Duration.ofMinutes(10);

    private final HeartbeatBucket bucket;

    public KvSinkReplicas(Connection connection, String bucket, NatsReplicas copies) throws Exception {
        this.bucket = HeartbeatBucket.open(connection, bucket,
                "Sluice sink replicas: heartbeats, by which they share the lanes out", KEY_TTL, copies);
    }

    @Override
    public void beat(String replica, long nowMillis) throws Exception {
        bucket.beat(replica, nowMillis);
    }

    @Override
    public Set<String> aliveAfter(long afterMillis) throws Exception {
        Set<String> alive = new TreeSet<>();
        bucket.under("").forEach((replica, at) -> {
            if (at > afterMillis) {
                alive.add(replica);
            }
        });
        return alive;
    }
}

package io.sluice.sink.share;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.nats.client.Connection;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.CasBucket;
import io.sluice.nats.HeartbeatValue;
import io.sluice.nats.KvMirror;
import org.slf4j.LoggerFactory;

/**
 * Sink replicas' heartbeats in the sink's own NATS KV bucket, one key per replica (its id, a
 * valid key token: {@code ControlKeys.replicaId}). The bucket's time-to-live removes the keys of replicas that died (a restart brings
 * a new id); whether a replica is alive is judged from its heartbeat's time.
 */
public final class KvSinkReplicas implements SinkReplicas {

    private static final Duration KEY_TTL = Duration.ofMinutes(10);

    private final CasBucket bucket;
    // Read at every look of a lane nobody holds: from one watch of the bucket, not a listing each time.
    private final KvMirror<Long> mirror = new KvMirror<>(HeartbeatValue::read);

    public KvSinkReplicas(Connection connection, String bucket, NatsReplicas copies) throws Exception {
        this.bucket = CasBucket.open(connection, bucket, "Sluice sink replicas: heartbeats, by which they share the lanes out",
                KEY_TTL, copies);
        try {
            this.bucket.watchAll(mirror);
        } catch (Exception e) {
            LoggerFactory.getLogger(KvSinkReplicas.class).warn("Watching {} failed, listing it instead: {}", bucket, e.toString());
        }
    }

    @Override
    public void beat(String replica, long nowMillis) throws Exception {
        bucket.put(replica, HeartbeatValue.write(nowMillis));
    }

    @Override
    public Set<String> aliveAfter(long afterMillis) throws Exception {
        Set<String> alive = new TreeSet<>();
        Map<String, KvMirror.Entry<Long>> mirrored = mirror.under("");
        if (mirrored != null) {
            mirrored.forEach((key, entry) -> {
                if (entry.value() > afterMillis) {
                    alive.add(key);
                }
            });
            return alive;
        }
        for (String key : bucket.keys(">")) {
            byte[] value = bucket.read(key).value();
            Long at = value == null ? null : HeartbeatValue.read(value);
            if (at != null && at > afterMillis) {
                alive.add(key);
            }
        }
        return alive;
    }
}

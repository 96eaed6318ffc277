package io.sluice.worker.lane;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.Connection;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.CasBucket;
import org.slf4j.LoggerFactory;

/**
 * Lanes and replica heartbeats in two NATS KV buckets owned by one stage (each stage that shares
 * lanes has its own two, named by the stage). Heartbeats live in a bucket with a time-to-live, so
 * the keys of replicas that died (each restart may bring a new replica id) go away by themselves;
 * whether a replica is alive is judged from the heartbeat's time, not from the key being there.
 */
public final class KvLaneStore implements LaneStore {

    private static final Duration HEARTBEAT_KEY_TTL = Duration.ofMinutes(10);

    /**
     * The stage's two buckets. A stage keeps their names once released: its lanes' records are
     * found by them, and under new names every lane would start over from the start of its input.
     *
     * @param lanes               the bucket of the lanes' records ({@link LaneProgress} by lane key)
     * @param lanesDescription    its description, shown by {@code nats kv info}
     * @param replicas            the bucket of the replicas' heartbeats
     * @param replicasDescription its description
     */
    public record Buckets(String lanes, String lanesDescription, String replicas, String replicasDescription) {
    }

    private final CasBucket lanes;
    private final CasBucket replicas;
    // Every pipeline's coordinator asks for heartbeats every few seconds: read from one watch of the
    // bucket per process rather than a listing (a consumer on the server) per pipeline and look.
    private final HeartbeatMirror mirror = new HeartbeatMirror();

    /** @param copies how many copies JetStream keeps of both buckets ({@code sluice.nats.replicas}) */
    public KvLaneStore(Connection connection, Buckets buckets, NatsReplicas copies) throws Exception {
        this.lanes = CasBucket.open(connection, buckets.lanes(), buckets.lanesDescription(), null, copies);
        this.replicas = CasBucket.open(connection, buckets.replicas(), buckets.replicasDescription(), HEARTBEAT_KEY_TTL,
                copies);
        try {
            this.replicas.watchAll(mirror);
        } catch (Exception e) {
            // Heartbeats are then listed on each look, as before there was a mirror.
            LoggerFactory.getLogger(KvLaneStore.class).warn("Watching {} failed, listing it instead: {}", buckets.replicas(),
                    e.toString());
        }
    }

    /** Buckets of one copy, as a single NATS server holds them. */
    public KvLaneStore(Connection connection, Buckets buckets) throws Exception {
        this(connection, buckets, NatsReplicas.ONE);
    }

    @Override
    public Versioned read(String laneKey) throws Exception {
        CasBucket.Versioned entry = lanes.read(laneKey);
        return new Versioned(entry.value() == null ? LaneProgress.START : LaneJson.read(entry.value()), entry.revision());
    }

    @Override
    public long compareAndSet(String laneKey, long expectedRevision, LaneProgress progress) throws Exception {
        long revision = lanes.compareAndSet(laneKey, expectedRevision, LaneJson.write(progress));
        return revision == CasBucket.LOST ? LOST : revision;
    }

    @Override
    public void heartbeat(String pipelineId, String replica, long nowMillis) throws Exception {
        replicas.put(pipelineId + "." + replica, Long.toString(nowMillis).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Map<String, Long> heartbeats(String pipelineId) throws Exception {
        String prefix = pipelineId + ".";
        Map<String, Long> mirrored = mirror.heartbeats(prefix);
        if (mirrored != null) {
            return mirrored;
        }
        Map<String, Long> heartbeats = new HashMap<>();
        for (String key : replicas.keys(prefix + "*")) {
            byte[] value = replicas.read(key).value();
            if (value != null) {
                heartbeats.put(key.substring(prefix.length()), Long.parseLong(new String(value, StandardCharsets.US_ASCII)));
            }
        }
        return heartbeats;
    }

    @Override
    public void leave(String pipelineId, String replica) throws Exception {
        replicas.delete(pipelineId + "." + replica);
    }

    /**
     * The replicas bucket's heartbeats as its watch delivered them. Keys that aged out of the bucket
     * (no delete marker comes for those) stay with their old time, which no longer counts as alive.
     */
    static final class HeartbeatMirror implements KeyValueWatcher {

        private final Map<String, Long> values = new ConcurrentHashMap<>();
        private volatile boolean complete;

        @Override
        public void watch(KeyValueEntry entry) {
            if (entry.getOperation() == KeyValueOperation.PUT && entry.getValue() != null) {
                try {
                    values.put(entry.getKey(), Long.parseLong(new String(entry.getValue(), StandardCharsets.US_ASCII)));
                } catch (NumberFormatException e) {
                    values.remove(entry.getKey());
                }
            } else {
                values.remove(entry.getKey());
            }
        }

        @Override
        public void endOfData() {
            complete = true;
        }

        /** By replica, the heartbeats of the keys starting with {@code prefix}; null until the watch delivered the bucket. */
        Map<String, Long> heartbeats(String prefix) {
            if (!complete) {
                return null;
            }
            Map<String, Long> found = new HashMap<>();
            values.forEach((key, at) -> {
                if (key.startsWith(prefix)) {
                    found.put(key.substring(prefix.length()), at);
                }
            });
            return found;
        }
    }
}

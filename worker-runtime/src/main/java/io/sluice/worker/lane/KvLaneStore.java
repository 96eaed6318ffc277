package io.sluice.worker.lane;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.nats.client.Connection;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.CasBucket;

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

    /** @param copies how many copies JetStream keeps of both buckets ({@code sluice.nats.replicas}) */
    public KvLaneStore(Connection connection, Buckets buckets, NatsReplicas copies) throws Exception {
        this.lanes = CasBucket.open(connection, buckets.lanes(), buckets.lanesDescription(), null, copies);
        this.replicas = CasBucket.open(connection, buckets.replicas(), buckets.replicasDescription(), HEARTBEAT_KEY_TTL,
                copies);
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
        Map<String, Long> heartbeats = new HashMap<>();
        String prefix = pipelineId + ".";
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
}

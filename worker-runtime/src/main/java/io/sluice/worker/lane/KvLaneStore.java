package io.sluice.worker.lane;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.Connection;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.CasBucket;
import io.sluice.nats.HeartbeatBucket;

/**
 * Lanes and replica heartbeats in two NATS KV buckets owned by one stage (each stage that shares
 * lanes has its own two, named by the stage). A replica's heartbeat is its membership of each
 * pipeline it runs and one heartbeat of its process ({@link LaneMembers}), in a
 * {@link HeartbeatBucket}.
 */
public final class KvLaneStore implements LaneStore {

    private static final Duration HEARTBEAT_KEY_TTL = Duration.ofMinutes(10);
    // Well within the keys' time-to-live.
    private static final Duration MEMBERSHIP_REFRESH = Duration.ofMinutes(4);
    // Often enough for any lease (a replica counts as alive for one lease after its heartbeat).
    private static final Duration PROCESS_HEARTBEAT = Duration.ofSeconds(1);
    // Pipeline ids never start with "_" (they are slugs), so this never reads as a membership.
    private static final String PROCESS_PREFIX = "_process.";

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
    private final HeartbeatBucket replicas;
    // When this process last wrote each membership and each replica's process heartbeat.
    private final Map<String, Long> memberships = new ConcurrentHashMap<>();
    private final Map<String, Long> processBeats = new HashMap<>();

    /** @param copies how many copies JetStream keeps of both buckets ({@code sluice.nats.replicas}) */
    public KvLaneStore(Connection connection, Buckets buckets, NatsReplicas copies) throws Exception {
        this.lanes = CasBucket.open(connection, buckets.lanes(), buckets.lanesDescription(), null, copies);
        this.replicas = HeartbeatBucket.open(connection, buckets.replicas(), buckets.replicasDescription(),
                HEARTBEAT_KEY_TTL, copies);
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

    /**
     * Writes the replica's membership of the pipeline ({@code <pipeline>.<replica>}) when new and
     * then every {@link #MEMBERSHIP_REFRESH}, and the process's heartbeat ({@code _process.<replica>})
     * at most every {@link #PROCESS_HEARTBEAT}, whichever pipeline's coordinator calls: a process
     * running hundreds of pipelines writes about one key a second, not one per pipeline and tick.
     */
    @Override
    public void heartbeat(String pipelineId, String replica, long nowMillis) throws Exception {
        String member = pipelineId + "." + replica;
        Long joined = memberships.get(member);
        if (joined == null || nowMillis - joined >= MEMBERSHIP_REFRESH.toMillis()) {
            replicas.beat(member, nowMillis);
            memberships.put(member, nowMillis);
        }
        synchronized (processBeats) {
            Long last = processBeats.get(replica);
            if (last == null || nowMillis - last >= PROCESS_HEARTBEAT.toMillis()) {
                replicas.beat(PROCESS_PREFIX + replica, nowMillis);
                processBeats.put(replica, nowMillis);
            }
        }
    }

    @Override
    public Map<String, Long> heartbeats(String pipelineId) throws Exception {
        return LaneMembers.heartbeats(replicas.under(pipelineId + "."), replicas.under(PROCESS_PREFIX));
    }

    @Override
    public void leave(String pipelineId, String replica) throws Exception {
        String member = pipelineId + "." + replica;
        memberships.remove(member);
        replicas.delete(member);
    }
}

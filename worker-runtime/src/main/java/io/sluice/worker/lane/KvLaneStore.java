package io.sluice.worker.lane;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.Connection;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.CasBucket;
import io.sluice.nats.HeartbeatValue;
import io.sluice.nats.KvMirror;
import org.slf4j.LoggerFactory;

/**
 * Lanes and replica heartbeats in two NATS KV buckets owned by one stage (each stage that shares
 * lanes has its own two, named by the stage). A replica's heartbeat is its membership of each
 * pipeline it runs and one heartbeat of its process ({@link LaneMembers}). They live in a bucket
 * with a time-to-live, so the keys of replicas that died (each restart may bring a new replica
 * id) go away by themselves; whether a replica is alive is judged from the heartbeat's time, not
 * from the key being there.
 */
public final class KvLaneStore implements LaneStore {

    private static final Duration HEARTBEAT_KEY_TTL = Duration.ofMinutes(10);
    // Well within the keys' time-to-live.
    private static final Duration MEMBERSHIP_REFRESH = Duration.ofMinutes(2);
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
    private final CasBucket replicas;
    // Every pipeline's coordinator asks for heartbeats every few seconds: read from one watch of the
    // bucket per process rather than a listing (a consumer on the server) per pipeline and look.
    // A key that aged out of the bucket keeps its old time there, which no longer counts as alive.
    private final KvMirror<Long> mirror = new KvMirror<>(HeartbeatValue::read);
    // When this process last wrote each membership and each replica's process heartbeat.
    private final Map<String, Long> memberships = new ConcurrentHashMap<>();
    private final Map<String, Long> processBeats = new HashMap<>();

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
            replicas.put(member, HeartbeatValue.write(nowMillis));
            memberships.put(member, nowMillis);
        }
        synchronized (processBeats) {
            Long last = processBeats.get(replica);
            if (last == null || nowMillis - last >= PROCESS_HEARTBEAT.toMillis()) {
                replicas.put(PROCESS_PREFIX + replica, HeartbeatValue.write(nowMillis));
                processBeats.put(replica, nowMillis);
            }
        }
    }

    @Override
    public Map<String, Long> heartbeats(String pipelineId) throws Exception {
        String prefix = pipelineId + ".";
        Map<String, Long> members = mirrored(prefix);
        Map<String, Long> processes = mirrored(PROCESS_PREFIX);
        if (members == null || processes == null) {
            members = listed(prefix);
            processes = listed(PROCESS_PREFIX);
        }
        return LaneMembers.heartbeats(members, processes);
    }

    /** By replica, the heartbeats under {@code prefix} as the watch delivered them; null until it delivered the bucket. */
    private Map<String, Long> mirrored(String prefix) {
        Map<String, KvMirror.Entry<Long>> under = mirror.under(prefix);
        if (under == null) {
            return null;
        }
        Map<String, Long> heartbeats = new HashMap<>(under.size());
        under.forEach((replica, entry) -> heartbeats.put(replica, entry.value()));
        return heartbeats;
    }

    private Map<String, Long> listed(String prefix) throws Exception {
        Map<String, Long> heartbeats = new HashMap<>();
        for (String key : replicas.keys(prefix + ">")) {
            byte[] value = replicas.read(key).value();
            Long at = value == null ? null : HeartbeatValue.read(value);
            if (at != null) {
                heartbeats.put(key.substring(prefix.length()), at);
            }
        }
        return heartbeats;
    }

    @Override
    public void leave(String pipelineId, String replica) throws Exception {
        String member = pipelineId + "." + replica;
        memberships.remove(member);
        replicas.delete(member);
    }
}

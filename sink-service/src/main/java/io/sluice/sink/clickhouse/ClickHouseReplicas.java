package io.sluice.sink.clickhouse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.clickhouse.client.api.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.model.clickhouse.ClickHouseUrls;

/**
 * The replicas of one shard a sink may insert into, and which one it inserts into now.
 *
 * <p>The sink stays on one replica while it answers and moves to the next in the list when an
 * insert fails transiently there (the lane then retries the same block with its backoff). Moving
 * is safe because the replicas of a ReplicatedMergeTree table share its deduplication log in
 * ZooKeeper: a block that did land on the failed replica is dropped when the other one gets it
 * again, by its token (22.2+) or by its content's hash. client-v2 takes several endpoints but
 * does not move between them on failure, hence this class.
 *
 * <p>Thread-safe: the lanes of a pipeline share it.
 */
public final class ClickHouseReplicas implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseReplicas.class);

    private static final long PROBE_EVERY_MILLIS = 10_000;

    private static final long PROBE_TIMEOUT_MILLIS = 1_000;

    private final List<Replica> replicas;

    private final AtomicInteger current = new AtomicInteger();

    private final Map<Integer, Failed> failed = new ConcurrentHashMap<>();

    private final Clock clock;

    /** One replica: where it is and the client for it. */
    public record Replica(int index, String url, Client client) {
    }

    private record Failed(String reason, Instant at, long probedAtMillis) {
    }

    ClickHouseReplicas(List<Replica> replicas, Clock clock) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("a sink needs at least one ClickHouse URL");
        }
        this.replicas = List.copyOf(replicas);
        this.clock = clock;
    }

    /** A client per URL of the endpoint's (comma-separated) {@code url}. */
    public static ClickHouseReplicas open(ClickHouseEndpoint endpoint) {
        List<Replica> replicas = new ArrayList<>();
        List<String> urls = ClickHouseUrls.split(endpoint.url());
        try {
            for (String url : urls) {
                replicas.add(new Replica(replicas.size(), url, endpoint.withUrl(url).open()));
            }
        }
        catch (RuntimeException ex) {
            replicas.forEach((replica) -> replica.client().close());
            throw ex;
        }
        return new ClickHouseReplicas(replicas, Clock.systemUTC());
    }

    /** Every replica, in the order of the URLs. */
    public List<Replica> all() {
        return this.replicas;
    }

    /** The replica to insert into now. */
    public Replica current() {
        return this.replicas.get(this.current.get());
    }

    /**
     * A call on {@code replica} failed transiently: the next call goes to the next replica, unless
     * another lane moved on already. With one replica, nothing changes.
     */
    public void failed(Replica replica, String reason) {
        if (this.replicas.size() == 1) {
            return;
        }
        int next = (replica.index() + 1) % this.replicas.size();
        if (this.current.compareAndSet(replica.index(), next)) {
            this.failed.put(replica.index(), new Failed(reason, this.clock.instant(), this.clock.millis()));
            log.warn("ClickHouse replica {} failed ({}); inserting into {} from now on", replica.url(), reason,
                    this.replicas.get(next).url());
        }
    }

    /**
     * {@code call} on the current replica; a transient failure there moves the next call to the
     * next replica ({@link #failed}) before it is thrown on.
     */
    public <T> T onCurrent(Function<Replica, T> call) {
        Replica replica = current();
        try {
            return call.apply(replica);
        }
        catch (ClickHouseFailureException ex) {
            if (ex.failure().isTransient()) {
                failed(replica, ex.failure().reason());
            }
            throw ex;
        }
    }

    /**
     * The first replica's answer that can be given, for the checks at start: a replica down then
     * must not keep the pipeline from starting on the others.
     * @throws ClickHouseFailureException the last replica's, when none answered
     */
    public <T> T firstAnswering(Function<Client, T> call) {
        ClickHouseFailureException last = null;
        for (int i = 0; i < this.replicas.size(); i++) {
            try {
                return onCurrent((replica) -> call.apply(replica.client()));
            }
            catch (ClickHouseFailureException ex) {
                if (!ex.failure().isTransient()) {
                    throw ex;
                }
                last = ex;
            }
        }
        throw last;
    }

    /**
     * A warning for status per replica that failed and has not answered a ping since (pinged at
     * most every {@value #PROBE_EVERY_MILLIS} ms, so asking often costs nothing).
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        long now = this.clock.millis();
        for (Map.Entry<Integer, Failed> entry : this.failed.entrySet()) {
            Replica replica = this.replicas.get(entry.getKey());
            Failed failure = entry.getValue();
            if (now - failure.probedAtMillis() >= PROBE_EVERY_MILLIS) {
                if (ping(replica)) {
                    this.failed.remove(entry.getKey(), failure);
                    log.info("ClickHouse replica {} answers again", replica.url());
                    continue;
                }
                this.failed.replace(entry.getKey(), failure, new Failed(failure.reason(), failure.at(), now));
            }
            warnings.add("ClickHouse replica " + replica.url() + " failed at " + failure.at() + " (" + failure.reason()
                    + "); inserting into " + current().url());
        }
        return warnings;
    }

    private static boolean ping(Replica replica) {
        try {
            return replica.client().ping(PROBE_TIMEOUT_MILLIS);
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    @Override
    public void close() {
        this.replicas.forEach((replica) -> replica.client().close());
    }
}

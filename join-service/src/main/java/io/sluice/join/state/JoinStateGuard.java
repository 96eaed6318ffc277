package io.sluice.join.state;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sluice.worker.redis.RedisServerWatch;
import io.sluice.worker.redis.ServerLoss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one pipeline's join from applying events to a Redis that lost its join state, and says so
 * in status. Waiting left events and kept right events live only in Redis: a restart without
 * persistence, a flush or a failover to an empty server takes them, and the join would go on as
 * if their keys had never been seen, so rows would silently never be written.
 *
 * <p>Each shard has a sentinel key, written without expiry before the pipeline's first event and
 * checked by every apply script in the same atomic step. Before the first batch in this replica
 * (and after a refusal or an acknowledgement) the guard reads them all and {@linkplain #decide
 * decides}: go on, write the missing ones (the join never ran, or ran before sentinels existed),
 * or stop. Stopped, every batch fails and stays in JetStream, and status says why, until the
 * pipeline is paused and resumed ({@link #acknowledge()}): then fresh sentinels are written and
 * the join goes on from its recorded progress with the state it has.
 *
 * <p>What the sentinels cannot show — a restart that reloaded an older snapshot (the sentinels
 * come back with older state), evictions, a failover to a replica that lags — the service's
 * {@link RedisServerWatch} finds from the server's run id and eviction count, and the guard stops
 * on it just the same, within the watch's interval.
 */
public final class JoinStateGuard {

    private static final Logger log = LoggerFactory.getLogger(JoinStateGuard.class);

    /** Whether any of the pipeline's join lanes recorded progress: events were applied before. */
    @FunctionalInterface
    public interface History {
        boolean appliedBefore() throws Exception;
    }

    /** What to do before applying. */
    sealed interface Decision {
    }

    /** Every sentinel is there: apply, guarded by them. */
    record Ready() implements Decision {
    }

    /** Write the missing sentinels ({@code SET NX}), then apply. */
    record Create() implements Decision {
    }

    /** The state is gone: apply nothing until acknowledged. */
    record Lost(String reason) implements Decision {
    }

    private final String pipelineId;
    private final RedisJoinStore store;
    private final History history;
    private final RedisServerWatch watch;
    private final Clock clock;
    // Losses the server watch found that this guard has taken in (stopped for, or acknowledged).
    private volatile long serverLossesSeen;
    private volatile boolean armed;
    // This replica saw the sentinels: their disappearance is a loss, whatever the lanes recorded.
    private volatile boolean seen;
    private volatile String loss;

    /** @param watch the service's look at the Redis server: a loss it finds stops the join too */
    public JoinStateGuard(String pipelineId, RedisJoinStore store, History history, RedisServerWatch watch, Clock clock) {
        this.pipelineId = pipelineId;
        this.store = store;
        this.history = history;
        this.watch = watch;
        this.clock = clock;
        // Losses found before this pipeline ran here are the business of whoever ran it then.
        this.serverLossesSeen = watch.losses();
    }

    /**
     * @param shards          the pipeline's shard count
     * @param sentinels       shards whose sentinel is there
     * @param withState       shards that hold state (a byte count)
     * @param appliedBefore   the pipeline's lanes recorded progress
     * @param seenBefore      this replica saw the sentinels since it started the pipeline
     */
    static Decision decide(int shards, int sentinels, int withState, boolean appliedBefore, boolean seenBefore) {
        if (sentinels == shards) {
            return new Ready();
        }
        if (!appliedBefore && !seenBefore) {
            return new Create();
        }
        if (sentinels == 0 && withState > 0 && !seenBefore) {
            // State without any sentinel: a pipeline that ran before this version wrote them.
            return new Create();
        }
        return new Lost((shards - sentinels) + " of " + shards + " join shards lost their sentinel key"
                + (withState < shards ? " and " + (shards - withState) + " hold no state" : "")
                + " though the join applied events before (restart without persistence, flush or failover)");
    }

    /**
     * Called before a batch is applied; one look at Redis until armed, nothing after.
     * @throws JoinStateLostException if the state is lost and the loss not acknowledged
     */
    public void beforeApply() throws Exception {
        if (armed && loss == null && watch.losses() == serverLossesSeen) {
            return;
        }
        synchronized (this) {
            if (watch.losses() > serverLossesSeen) {
                ServerLoss found = watch.lastLoss();
                serverLossesSeen = watch.losses();
                if (loss == null) {
                    lose(found.reason() + " (found at " + found.at() + ")");
                }
                armed = false;
            }
            if (loss != null) {
                throw new JoinStateLostException(loss);
            }
            if (armed) {
                return;
            }
            RedisJoinStore.Sentinels found = store.sentinels().get(10, TimeUnit.SECONDS);
            Decision decision = decide(store.layout().shards(), found.present(), found.withState(), history.appliedBefore(),
                    seen);
            if (decision instanceof Lost lostState) {
                lose(lostState.reason());
                throw new JoinStateLostException(loss);
            }
            if (decision instanceof Create) {
                store.writeSentinels("epoch " + clock.instant(), false).get(10, TimeUnit.SECONDS);
            }
            seen = true;
            armed = true;
        }
    }

    /** An apply script refused: a sentinel it was armed with is gone. */
    public void refused(JoinStateLostException refusal) {
        synchronized (this) {
            if (loss == null) {
                lose(refusal.getMessage());
            }
            armed = false;
        }
    }

    /** The user resumed the pipeline: accept the loss, write fresh sentinels, go on with what is left. */
    public void acknowledge() throws Exception {
        synchronized (this) {
            if (loss != null) {
                store.writeSentinels("epoch " + clock.instant() + " (loss acknowledged)", true).get(10, TimeUnit.SECONDS);
                log.warn("Join state loss of pipeline {} acknowledged; the join goes on with the state Redis holds now",
                        pipelineId);
            }
            loss = null;
            armed = false;
            serverLossesSeen = watch.losses();
        }
    }

    /** Settings of the Redis server that put the join state at risk, as the watch last saw them. */
    public List<String> warnings() {
        return watch.warnings();
    }

    /** The status text of a loss not yet acknowledged, or null. */
    public String lossMessage() {
        return loss;
    }

    private void lose(String reason) {
        Instant at = clock.instant();
        loss = "Redis lost the join state at " + at + ": " + reason + "; left events waiting for a partner and kept right"
                + " events are gone, so some rows may never be written, and the join stopped. Pause and resume the"
                + " pipeline to acknowledge and continue";
        log.error("Pipeline {}: {}", pipelineId, loss);
    }
}

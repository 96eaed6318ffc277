package io.sluice.dedup.state;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.sluice.dedup.store.StateLostException;
import io.sluice.worker.lane.Lane;
import io.sluice.worker.redis.RedisServerWatch;
import io.sluice.worker.redis.ServerLoss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one pipeline's dedup lanes from claiming in a Redis that lost their earlier claims, and
 * says so in status.
 *
 * <p>Before a lane's first batch in this replica (and again after a refused claim, a loss the
 * {@link RedisServerWatch} found, or an acknowledgement) the guard reads the lane's sentinel and
 * decides with {@link StateLossDetector}: write one (the lane never claimed), claim guarded by it,
 * or — the lane claimed before and the sentinel is gone, or a loss is marked — stop
 * ({@link OnStateLoss#STOP}: refuse the batch, which the lane retries with backoff, and report the
 * loss) or warn ({@link OnStateLoss#WARN}: write a fresh sentinel and go on). Between those
 * checks a batch costs nothing here: the sentinel is checked by the claim script itself.
 *
 * <p>Acknowledging ({@link #acknowledge()}, on the pipeline's resume) accepts every loss found
 * before it: lanes write fresh sentinels over loss marks older than the acknowledgement.
 */
public final class StateGuard {

    private static final Logger log = LoggerFactory.getLogger(StateGuard.class);
    private static final int MAX_WARNINGS = 3;
    // How many keys of a source to look through for a lane's claims (only for a lane with progress
    // and no sentinel: after a loss Redis is small, after an upgrade the lane's keys abound).
    private static final int CLAIMS_EXAMINED = 100_000;

    /** A lane's recorded progress (0 when it never recorded any). */
    @FunctionalInterface
    public interface ProgressLookup {
        long processedSeq(String laneKey) throws Exception;
    }

    private final String pipelineId;
    private final OnStateLoss mode;
    private final StateProbe probe;
    private final RedisServerWatch watch;
    private final ProgressLookup progress;
    private final Clock clock;
    private final Map<String, LaneState> lanes = new ConcurrentHashMap<>();
    private final Map<String, String> losses = new LinkedHashMap<>();
    private final Set<String> lossWarnings = new LinkedHashSet<>();
    private long serverLossesSeen;
    private Instant acknowledgedAt;

    private static final class LaneState {
        volatile boolean armed;
        // Whether this replica saw the lane's sentinel: its disappearance is then a loss, whatever the progress.
        volatile boolean seen;
        volatile ServerLoss serverLoss;
    }

    public StateGuard(String pipelineId, OnStateLoss mode, StateProbe probe, RedisServerWatch watch, ProgressLookup progress,
            Clock clock) {
        this.pipelineId = pipelineId;
        this.mode = mode;
        this.probe = probe;
        this.watch = watch;
        this.progress = progress;
        this.clock = clock;
        // Losses found before this pipeline ran here are the business of whoever ran it then.
        this.serverLossesSeen = watch.losses();
    }

    /**
     * Called on the lane's thread before it claims a batch; cheap unless the lane must be checked.
     * @throws StateLossStopException if the lane must not claim (the batch fails and is retried)
     * @throws Exception if Redis or the lanes bucket could not be read (likewise)
     */
    public void admit(String sourceId, String lane) throws Exception {
        LaneState state = lanes.computeIfAbsent(sourceId + "/" + lane, key -> new LaneState());
        noteServerLosses();
        if (state.armed) {
            return;
        }
        Instant now = clock.instant();
        SentinelValue sentinel = SentinelValue.parse(probe.readSentinel(pipelineId, sourceId, lane));
        boolean claimedBefore = state.seen || (sentinel == null && state.serverLoss == null && lostWithoutSentinel(sourceId, lane));
        Instant acknowledged;
        synchronized (this) {
            acknowledged = acknowledgedAt;
        }
        StateLossDetector.LaneAction action = StateLossDetector.checkLane(sentinel, claimedBefore, state.serverLoss,
                acknowledged, mode, now);
        String laneName = sourceId + "/" + lane;
        if (action instanceof StateLossDetector.Lost lost) {
            if (lost.mark()) {
                probe.writeSentinel(pipelineId, sourceId, lane, SentinelValue.lost(lost.at(), lost.reason()).text());
                log.error("Dedup lane {} of pipeline {} stopped: Redis lost its state ({})", laneName, pipelineId, lost.reason());
            }
            String message = StateLossDetector.stopped(lost.at(), lost.reason());
            synchronized (this) {
                losses.putIfAbsent(laneName, message);
            }
            state.serverLoss = null;
            throw new StateLossStopException(message);
        } else if (action instanceof StateLossDetector.Create) {
            probe.createSentinel(pipelineId, sourceId, lane, SentinelValue.epoch(now).text());
        } else if (action instanceof StateLossDetector.Renew renew) {
            probe.writeSentinel(pipelineId, sourceId, lane, SentinelValue.epoch(now).text());
            warn(laneName, renew.warning());
        } else if (action instanceof StateLossDetector.Arm arm) {
            warn(laneName, arm.warning());
        }
        // A sentinel another replica wrote at the same moment (Create lost the race) is as good:
        // the claim script checks whatever is there.
        state.serverLoss = null;
        state.seen = true;
        state.armed = true;
        synchronized (this) {
            losses.remove(laneName);
        }
    }

    /**
     * A lane this replica has not seen before, without a sentinel: whether it claimed before (it
     * recorded progress) and Redis holds none of its claims, i.e. lost them. A lane that recorded
     * progress and whose claims are still there ran before sentinels existed (the first run of this
     * version): it gets its sentinel and goes on.
     */
    private boolean lostWithoutSentinel(String sourceId, String lane) throws Exception {
        if (progress.processedSeq(Lane.of(pipelineId, sourceId, lane, "").key()) <= 0) {
            return false;
        }
        Integer partition = lane.chars().allMatch(Character::isDigit) ? Integer.valueOf(lane) : null;
        if (probe.holdsClaims(pipelineId, sourceId, partition, CLAIMS_EXAMINED)) {
            log.info("Dedup lane {}/{} of pipeline {} has no sentinel yet but its claims are in Redis: writing one",
                    sourceId, lane, pipelineId);
            return false;
        }
        return true;
    }

    /** A claim of the lane failed; if because of its sentinel, the next batch checks the lane again. Cheap, any thread. */
    public void claimFailed(String sourceId, String lane, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StateLostException) {
                LaneState state = lanes.get(sourceId + "/" + lane);
                if (state != null) {
                    state.armed = false;
                }
                return;
            }
        }
    }

    /** Accepts every loss found so far (the user resumed the pipeline): lanes claim again, on fresh sentinels. */
    public synchronized void acknowledge() {
        acknowledgedAt = clock.instant();
        serverLossesSeen = watch.losses();
        if (!losses.isEmpty() || !lossWarnings.isEmpty()) {
            log.warn("Dedup state loss of pipeline {} acknowledged: {}", pipelineId, losses.isEmpty() ? lossWarnings : losses.values());
        }
        losses.clear();
        lossWarnings.clear();
        lanes.values().forEach(state -> {
            state.armed = false;
            state.serverLoss = null;
        });
    }

    /** Why the pipeline's dedup stopped here, or null: status shows it as failed. */
    public synchronized String lossMessage() {
        if (!losses.isEmpty()) {
            return losses.values().iterator().next();
        }
        ServerLoss unseen = watch.losses() > serverLossesSeen ? watch.lastLoss() : null;
        if (mode == OnStateLoss.STOP && unseen != null && lanes.values().stream().anyMatch(state -> state.seen)) {
            return StateLossDetector.stopped(unseen.at(), unseen.reason());
        }
        return null;
    }

    /** Warnings for status: losses gone past ({@link OnStateLoss#WARN}) and risky Redis settings. */
    public synchronized List<String> warnings() {
        List<String> warnings = new ArrayList<>(lossWarnings);
        // A loss found while the lanes were idle: said now, not only once a batch comes.
        ServerLoss unseen = watch.losses() > serverLossesSeen ? watch.lastLoss() : null;
        if (mode == OnStateLoss.WARN && unseen != null && lanes.values().stream().anyMatch(state -> state.seen)) {
            warnings.add(0, StateLossDetector.warning(unseen.at(), unseen.reason()));
        }
        warnings.addAll(watch.warnings());
        return warnings;
    }

    private void noteServerLosses() {
        long found = watch.losses();
        synchronized (this) {
            if (found <= serverLossesSeen) {
                return;
            }
            serverLossesSeen = found;
        }
        ServerLoss loss = watch.lastLoss();
        lanes.values().forEach(state -> {
            if (state.seen) {
                state.armed = false;
                state.serverLoss = loss;
            }
        });
    }

    private synchronized void warn(String laneName, String warning) {
        if (warning != null && lossWarnings.size() < MAX_WARNINGS && lossWarnings.add(warning)) {
            log.warn("Dedup lane {} of pipeline {} goes on after a loss: {}", laneName, pipelineId, warning);
        }
    }
}

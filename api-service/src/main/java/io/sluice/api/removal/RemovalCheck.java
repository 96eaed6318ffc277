package io.sluice.api.removal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether the NATS data of a deleted pipeline may be removed now. Pure: {@link PipelineRemover}
 * observes NATS and applies the verdict.
 *
 * <p>The data may go only once no worker runs the pipeline any longer: a lane still running would
 * write its position again, or its stage would create the stream again, and a pipeline created
 * later under the id would start from those. Two facts make that sure:
 * <ul>
 * <li>The workers were told: the definitions bucket holds no value for the pipeline (the delete
 * marker is written). From then on no worker starts it, since a restarted worker reads the
 * marker, and the id cannot be created again while the removal is pending.</li>
 * <li>No worker still runs it: a worker reports every pipeline it hosts (running, paused, draining
 * or retrying a failed start) in the status bucket at every heartbeat and withdraws the report
 * once it stopped the pipeline's work. A worker that received the pipeline just before the marker
 * may not have reported it yet, so no report must be seen for a whole quiet period, longer than
 * the workers' heartbeat interval, before the data goes.</li>
 * </ul>
 */
final class RemovalCheck {

    private RemovalCheck() {
    }

    /**
     * What NATS shows about a deleted pipeline.
     *
     * @param workersTold whether the definitions bucket holds no value for it any longer
     * @param reporting the status keys of the worker replicas reporting it
     */
    record Observation(boolean workersTold, List<String> reporting) {

        Observation {
            reporting = List.copyOf(reporting);
        }
    }

    sealed interface Verdict permits Wait, Remove {
    }

    /**
     * Not yet.
     *
     * @param reason why, for the log
     * @param quietSince since when nothing kept the removal back, or null when something does now
     */
    record Wait(String reason, Instant quietSince) implements Verdict {
    }

    /** Remove the data now. */
    record Remove() implements Verdict {
    }

    /**
     * @param seen what NATS shows now
     * @param quietSince the {@link Wait#quietSince()} of the previous check, or null (none, or
     *        something kept the removal back then)
     */
    static Verdict decide(Observation seen, Instant quietSince, Instant now, Duration quietPeriod) {
        if (!seen.workersTold()) {
            return new Wait("the workers are not told yet: the delete marker waits for NATS", null);
        }
        if (!seen.reporting().isEmpty()) {
            return new Wait("workers still report it: " + String.join(", ", seen.reporting()), null);
        }
        Instant since = quietSince == null ? now : quietSince;
        if (Duration.between(since, now).compareTo(quietPeriod) < 0) {
            return new Wait("no worker reports it, but one may not have reported it yet: waiting "
                    + quietPeriod.toSeconds() + " s without reports", since);
        }
        return new Remove();
    }
}

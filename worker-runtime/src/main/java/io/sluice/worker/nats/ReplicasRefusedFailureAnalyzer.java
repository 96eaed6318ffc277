package io.sluice.worker.nats;

import io.sluice.model.nats.NatsReplicas;
import io.sluice.model.nats.NatsReplicas.ReplicasRefusedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A worker that cannot create its KV buckets with the configured replica count fails to start (the
 * dedup and sink stages open theirs at start-up): report it as the setting to change, not as a
 * bean-creation stack trace.
 */
public final class ReplicasRefusedFailureAnalyzer extends AbstractFailureAnalyzer<ReplicasRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ReplicasRefusedException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + NatsReplicas.SETTING + " (sluice.nats.replicas) to 1 on a single NATS server, or to at most the"
                        + " number of servers of the NATS cluster (3 on a three-server cluster).",
                cause);
    }
}

package io.sluice.api.status;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.api.pipeline.PipelineHealth;

/**
 * What the workers report about one pipeline, per component.
 *
 * @param distributionPending the latest change is saved but not yet handed to the workers (NATS
 *                            unreachable): what they report may still be about the previous one
 * @param warnings the distinct warnings of all components: the pipeline runs, but a guarantee is
 *                 weaker than promised (e.g. at-least-once where exactly-once was asked); empty when none
 * @param components ingest, dedup, join and sink, in that order, each even when no replica reports
 * @param brokerLag  what waits in Kafka for the pipeline, measured from the broker (true also while it is
 *                   paused or its ingest is down); null where not measured
 * @param problems   why a component does not run it where it should, one sentence per component
 *                   ({@link PipelineProblems}); empty when none
 */
record PipelineStatusView(String pipelineId, boolean distributionPending, List<String> warnings,
        List<ComponentStatus> components, BrokerLag brokerLag, List<String> problems) {

    PipelineStatusView(String pipelineId, boolean distributionPending, List<String> warnings,
            List<ComponentStatus> components) {
        this(pipelineId, distributionPending, warnings, components, null, PipelineProblems.of(components));
    }

    /** {@code ok}, or {@code degraded} when some reporting replica cannot run the pipeline ({@code problems} say why). */
    @JsonProperty
    PipelineHealth health() {
        return PipelineHealth.of(problems);
    }

    PipelineStatusView withBrokerLag(BrokerLag lag) {
        return new PipelineStatusView(pipelineId, distributionPending, warnings, components, lag, problems);
    }
}

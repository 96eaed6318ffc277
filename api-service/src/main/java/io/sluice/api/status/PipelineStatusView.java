package io.sluice.api.status;

import java.util.List;

/**
 * What the workers report about one pipeline, per component.
 *
 * @param distributionPending the latest change is saved but not yet handed to the workers (NATS
 *                            unreachable): what they report may still be about the previous one
 * @param components ingest, dedup, join and sink, in that order, each even when no replica reports
 */
record PipelineStatusView(String pipelineId, boolean distributionPending, List<ComponentStatus> components) {
}

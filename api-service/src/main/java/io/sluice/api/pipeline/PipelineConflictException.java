package io.sluice.api.pipeline;

import java.time.Duration;
import java.util.List;

import io.sluice.api.problem.ApiProblemException;
import io.sluice.api.problem.ProblemError;
import io.sluice.api.removal.PendingRemovals;
import io.sluice.model.nats.RoutingChange;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The request is fine but the pipeline's current state does not allow it (409). */
class PipelineConflictException extends ApiProblemException {

    PipelineConflictException(String title, String detail) {
        super(HttpStatus.CONFLICT, title, detail);
    }

    PipelineConflictException(String title, String detail, List<ProblemError> errors) {
        super(HttpStatus.CONFLICT, title, detail, errors);
    }

    /** An edit of a pipeline that has run would move its events to routes without positions. */
    static PipelineConflictException routingChanged(String id, PipelineStatus status, List<RoutingChange> changes) {
        return new PipelineConflictException("Edit would re-deliver or lose events", "Pipeline \"" + id
                + "\" has run (it is " + status.label() + "), and this edit changes where its events go or what they"
                + " are deduplicated by (see errors). Each stage keeps its position per route in the pipeline's NATS"
                + " stream, so on the new route events already in ClickHouse would be delivered again, and events"
                + " between stages on the old route would be lost. Such an edit is allowed only before a pipeline's"
                + " first start. To make it, create a new pipeline under a new id with this definition, or delete this"
                + " one and create it again once its removal completed (its NATS streams, positions, Kafka consumer"
                + " groups and dedup keys are deleted once no worker runs it); its sources start at their"
                + " initialOffset, so give it a new or emptied table. Edits that keep the routes"
                + " (windows, batching, the filter's expression, schema, mapping, table) are allowed.",
                changes.stream().map((change) -> new ProblemError(change.path(), change.message())).toList());
    }

    static PipelineConflictException exists(String id) {
        return new PipelineConflictException("Pipeline exists",
                "A pipeline with id \"" + id + "\" exists already. Import or create this one under another id,"
                        + " or edit the existing pipeline instead.");
    }

    /**
     * The id's earlier pipeline was deleted after it may have run, and its data outside PostgreSQL
     * (NATS streams, the stages' positions, Kafka consumer groups, dedup keys) is not removed yet: a
     * pipeline created now would start from it.
     */
    static PipelineConflictException stillBeingRemoved(PendingRemovals.Pending pending, Duration retryAfter) {
        String waiting = pending.waitingFor() == null ? "" : " It waits because " + pending.waitingFor() + ".";
        PipelineConflictException refused = new PipelineConflictException("Pipeline id is still being removed",
                "pipeline " + pending.pipelineId() + " is still being removed: once no worker runs it any longer, its"
                        + " NATS streams, the stages' positions, its Kafka consumer groups and its dedup keys in Redis"
                        + " are deleted, so that a pipeline created under this id starts afresh. Retry later (see"
                        + " Retry-After)." + waiting);
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return refused;
    }

    static PipelineConflictException forbidden(String reason) {
        return new PipelineConflictException("Not allowed in the pipeline's state", reason);
    }

    static PipelineConflictException notRunnable(String reason) {
        return new PipelineConflictException("Pipeline cannot run", reason);
    }

    static PipelineConflictException concurrent(String id) {
        return new PipelineConflictException("Pipeline changed concurrently",
                "Pipeline \"" + id + "\" was changed by another request at the same time; read it again and retry.");
    }

}

package io.sluice.api.pipeline;

import java.time.Instant;

/**
 * One entry of a pipeline's history.
 *
 * @param from the state before (null for creation)
 * @param to the state after (null for deletion)
 * @param actor who did it: the API token's or user's name, or {@code workers} for a failure they reported
 */
record EventResponse(long id, Instant at, EventKind kind, PipelineStatus from, PipelineStatus to, String reason,
        String actor) {
}

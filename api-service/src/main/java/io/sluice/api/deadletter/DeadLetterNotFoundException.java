package io.sluice.api.deadletter;

/** The queue does not hold the dead letter asked for: replayed, deleted, purged or expired. */
class DeadLetterNotFoundException extends DeadLetterException {

    DeadLetterNotFoundException(String pipelineId, long sequence) {
        super("Pipeline '" + pipelineId + "' holds no dead letter " + sequence
                + ": it was replayed, deleted, purged or expired meanwhile.", null);
    }

}

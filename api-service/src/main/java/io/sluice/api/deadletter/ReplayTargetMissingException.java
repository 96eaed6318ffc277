package io.sluice.api.deadletter;

/**
 * The pipeline's data stream, which holds the replay subject, does not exist: the workers create
 * it when they first run the pipeline, so there is nothing to reprocess the dead letters yet.
 */
class ReplayTargetMissingException extends DeadLetterException {

    ReplayTargetMissingException(String message) {
        super(message, null);
    }

}

package io.sluice.api.deadletter;

class UnknownPipelineException extends DeadLetterException {

    UnknownPipelineException(String pipelineId) {
        super("No pipeline with id '" + pipelineId + "'", null);
    }

}

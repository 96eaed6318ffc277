package io.sluice.api.pipeline;

import io.sluice.api.problem.ApiProblemException;
import org.springframework.http.HttpStatus;

/** The request is fine but the pipeline's current state does not allow it (409). */
class PipelineConflictException extends ApiProblemException {

    PipelineConflictException(String title, String detail) {
        super(HttpStatus.CONFLICT, title, detail);
    }

    static PipelineConflictException exists(String id) {
        return new PipelineConflictException("Pipeline exists",
                "A pipeline with id \"" + id + "\" exists already; edit it with PUT or choose another id.");
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

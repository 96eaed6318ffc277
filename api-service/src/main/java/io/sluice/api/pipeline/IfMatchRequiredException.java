package io.sluice.api.pipeline;

import java.util.List;

import io.sluice.api.problem.ApiProblemException;
import io.sluice.api.problem.ProblemError;
import org.springframework.http.HttpStatus;

/** An edit without {@code If-Match}: it could overwrite a change its sender never saw (428). */
class IfMatchRequiredException extends ApiProblemException {

    IfMatchRequiredException() {
        super(HttpStatus.PRECONDITION_REQUIRED, "If-Match required",
                "Send the ETag of the pipeline you edited as If-Match, so that a change made meanwhile is not overwritten.",
                List.of(new ProblemError("If-Match", "is required")));
    }

}

package io.sluice.api.pipeline;

import io.sluice.api.problem.ApiProblemException;
import org.springframework.http.HttpStatus;

class PipelineNotFoundException extends ApiProblemException {

    PipelineNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, "Pipeline not found", "There is no pipeline with id \"" + id + "\".");
    }

}

package io.sluice.api.pipeline;

import java.util.List;

import io.sluice.api.problem.ApiProblemException;
import io.sluice.api.problem.ProblemError;
import org.springframework.http.HttpStatus;

/** A query parameter or a small request body the API cannot use (400). */
class InvalidRequestException extends ApiProblemException {

    InvalidRequestException(String path, String message) {
        super(HttpStatus.BAD_REQUEST, "Bad Request", path + " " + message, List.of(new ProblemError(path, message)));
    }

}

package io.sluice.api.pipeline;

import java.util.List;

import io.sluice.api.problem.ApiProblemException;
import io.sluice.api.problem.ProblemError;
import io.sluice.model.definition.Violation;
import org.springframework.http.HttpStatus;

/** A definition the API will not store, with every problem at its JSON path. */
class DefinitionRejectedException extends ApiProblemException {

    private DefinitionRejectedException(HttpStatus status, String title, String detail, List<Violation> violations) {
        super(status, title, detail, violations.stream().map((v) -> new ProblemError(v.path(), v.message())).toList());
    }

    /** Not JSON, or JSON that does not fit the definition's shape: wrong types, unknown properties (400). */
    static DefinitionRejectedException unreadable(List<Violation> violations) {
        return new DefinitionRejectedException(HttpStatus.BAD_REQUEST, "Unreadable pipeline definition",
                "The body is not a pipeline definition in JSON; see errors.", violations);
    }

    /** A well-formed definition that breaks validation rules (422). */
    static DefinitionRejectedException invalid(List<Violation> violations) {
        return new DefinitionRejectedException(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid pipeline definition",
                "The definition has " + violations.size() + (violations.size() == 1 ? " problem" : " problems")
                        + "; see errors.", violations);
    }

}

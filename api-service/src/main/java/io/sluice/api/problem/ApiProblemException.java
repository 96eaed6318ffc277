package io.sluice.api.problem;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error the API answers with an RFC 9457 problem: the status, a short title and a detail the
 * caller can act on, optionally with the {@code errors} at fault. Features throw subclasses named
 * after what went wrong; {@link ApiExceptionHandler} renders them.
 */
public class ApiProblemException extends ErrorResponseException {

    /**
     * At most this many entries are listed; a pathological request (a list of 100,000 bad
     * elements) must not make a response larger than the request.
     */
    public static final int MAX_ERRORS = 100;

    public ApiProblemException(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    public ApiProblemException(HttpStatus status, String title, String detail, List<ProblemError> errors) {
        super(status, withErrors(problem(status, title, detail), errors), null);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static ProblemDetail withErrors(ProblemDetail problem, List<ProblemError> errors) {
        if (errors.size() > MAX_ERRORS) {
            problem.setDetail(problem.getDetail() + " (the first " + MAX_ERRORS + " of " + errors.size()
                    + " errors are listed)");
            errors = errors.subList(0, MAX_ERRORS);
        }
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }

}

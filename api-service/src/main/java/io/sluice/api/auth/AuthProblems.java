package io.sluice.api.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** RFC 9457 problem details of the token and session endpoints. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = { TokenController.class, SessionController.class })
class AuthProblems {

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }

    static ResponseEntity<ProblemDetail> invalid(List<TokenRequests.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has " + errors.size() + " problem(s), listed in 'errors'.");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    static ResponseEntity<ProblemDetail> tooManyAttempts(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        ResponseEntity<ProblemDetail> problem = problem(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins",
                "Too many failed logins from this address; try again in " + seconds + " seconds.");
        return ResponseEntity.status(problem.getStatusCode()).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem.getBody());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        // Not the parser's message: it can quote the body, and a body here holds a password.
        return problem(HttpStatus.BAD_REQUEST, "Malformed request body",
                "The body must be a JSON object with the documented fields.");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
        return invalid(List.of(new TokenRequests.FieldError(e.getName(), "is not a valid " + e.getName())));
    }
}

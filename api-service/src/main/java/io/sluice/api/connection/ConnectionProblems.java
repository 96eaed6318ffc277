package io.sluice.api.connection;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.sluice.api.connection.ConnectionFailedException.Failure;
import io.sluice.model.definition.Violation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;

/** RFC 9457 problems for the connection helpers; see {@link ConnectionController} for the statuses. */
@RestControllerAdvice(assignableTypes = ConnectionController.class)
class ConnectionProblems {

    @ExceptionHandler(ConnectionFailedException.class)
    ProblemDetail connectionFailed(ConnectionFailedException ex) {
        Failure failure = ex.failure();
        HttpStatus status = switch (failure) {
            case NOT_FOUND, EMPTY -> HttpStatus.UNPROCESSABLE_CONTENT;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case UNREACHABLE, AUTHENTICATION, AUTHORIZATION, TLS, FAILED -> HttpStatus.BAD_GATEWAY;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
        problem.setTitle(switch (failure) {
            case UNREACHABLE -> "Server unreachable";
            case AUTHENTICATION -> "Authentication failed";
            case AUTHORIZATION -> "Access denied";
            case TLS -> "TLS handshake failed";
            case TIMEOUT -> "No answer in time";
            case NOT_FOUND -> "Not found";
            case EMPTY -> "Nothing to sample";
            case FAILED -> "Server error";
        });
        problem.setProperty("failure", name(failure));
        return problem;
    }

    @ExceptionHandler(TableNotCreatedException.class)
    ProblemDetail tableNotCreated(TableNotCreatedException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                ex.exists() ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
        problem.setTitle(ex.exists() ? "Table exists" : "Table not created");
        problem.setType(URI.create("about:blank"));
        problem.setProperty("errors", List.of(new Violation("$.table", ex.getMessage())));
        return problem;
    }

    @ExceptionHandler(InvalidConnectionRequestException.class)
    ProblemDetail invalid(InvalidConnectionRequestException ex) {
        return badRequest("The request cannot be tried as it is: see errors.", ex.violations());
    }

    @ExceptionHandler(ConnectionNotAllowedException.class)
    ProblemDetail notAllowed(ConnectionNotAllowedException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "This token may not make the api-service connect to that host: see errors.");
        problem.setTitle("Host not allowed");
        problem.setType(URI.create("about:blank"));
        problem.setProperty("errors", ex.violations());
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        if (ex.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
            return badRequest("The request body does not match this endpoint: see errors.",
                    List.of(new Violation(path(json), json.getOriginalMessage())));
        }
        return badRequest("The request body is not valid JSON.", List.of(new Violation("$", "is not valid JSON")));
    }

    /** The JSON path of the value Jackson failed on, like {@code $.connection.brokers[0]}. */
    private static String path(JacksonException json) {
        StringBuilder path = new StringBuilder("$");
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append('.').append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String name(Failure failure) {
        return failure.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ProblemDetail badRequest(String detail, List<Violation> violations) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setType(URI.create("about:blank"));
        problem.setProperty("errors", violations);
        return problem;
    }

}

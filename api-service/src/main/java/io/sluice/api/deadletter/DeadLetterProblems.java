package io.sluice.api.deadletter;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** RFC 9457 problems for the dead-letter endpoints. */
@RestControllerAdvice(assignableTypes = DeadLetterController.class)
class DeadLetterProblems {

    @ExceptionHandler(UnknownPipelineException.class)
    ProblemDetail unknownPipeline(UnknownPipelineException ex) {
        return problem(HttpStatus.NOT_FOUND, "Pipeline not found", ex.getMessage());
    }

    @ExceptionHandler(DeadLetterNotFoundException.class)
    ProblemDetail deadLetterNotFound(DeadLetterNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Dead letter not found", ex.getMessage());
    }

    @ExceptionHandler(InvalidDeadLetterRequestException.class)
    ProblemDetail invalid(InvalidDeadLetterRequestException ex) {
        return badRequest(ex.path(), ex.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail wrongParameterType(MethodArgumentTypeMismatchException ex) {
        return badRequest(ex.getName(), "must be a whole number, was '" + ex.getValue() + "'");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        return badRequest("$", "must be {\"sequences\": [numbers]} or empty");
    }

    @ExceptionHandler(ReplayTargetMissingException.class)
    ProblemDetail noReplayTarget(ReplayTargetMissingException ex) {
        return problem(HttpStatus.CONFLICT, "Pipeline not running yet", ex.getMessage());
    }

    @ExceptionHandler(ReplayFailedException.class)
    ProblemDetail replayFailed(ReplayFailedException ex) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Replay interrupted", ex.getMessage());
        problem.setProperty("replayed", ex.replayed());
        return problem;
    }

    @ExceptionHandler(DeadLetterStreamUnavailableException.class)
    ProblemDetail natsUnavailable(DeadLetterStreamUnavailableException ex) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "NATS unavailable", ex.getMessage());
    }

    private static ProblemDetail badRequest(String path, String message) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", path + " " + message);
        problem.setProperty("errors", List.of(Map.of("path", path, "message", message)));
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

}

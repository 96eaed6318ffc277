package io.sluice.api.browse;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** RFC 9457 problems for looks at a source topic. */
@RestControllerAdvice(assignableTypes = TopicBrowseController.class)
class TopicBrowseProblems {

    @ExceptionHandler(UnknownSourceException.class)
    ProblemDetail unknownSource(UnknownSourceException ex) {
        return problem(HttpStatus.NOT_FOUND, "Source not found", ex.getMessage());
    }

    @ExceptionHandler(InvalidBrowseRequestException.class)
    ProblemDetail invalid(InvalidBrowseRequestException ex) {
        return badRequest(ex.parameter(), ex.getMessage());
    }

    @ExceptionHandler(UnknownPartitionException.class)
    ProblemDetail unknownPartition(UnknownPartitionException ex) {
        return badRequest("partition", ex.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail wrongType(MethodArgumentTypeMismatchException ex) {
        return badRequest(ex.getName(), "must be a whole number, was '" + ex.getValue() + "'");
    }

    @ExceptionHandler(KafkaReadFailedException.class)
    ProblemDetail kafka(KafkaReadFailedException ex) {
        return problem(HttpStatus.BAD_GATEWAY, "Kafka could not be read", ex.getMessage());
    }

    private static ProblemDetail badRequest(String parameter, String message) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", parameter + " " + message);
        problem.setProperty("errors", List.of(Map.of("path", parameter, "message", message)));
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}

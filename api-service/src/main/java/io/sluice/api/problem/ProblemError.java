package io.sluice.api.problem;

/**
 * One entry of a problem's {@code errors} array.
 *
 * @param path where the error is: a JSON path into the request body ({@code $.sink.table}) or
 * the name of a query parameter or header
 * @param message what is wrong there
 */
public record ProblemError(String path, String message) {
}

package io.sluice.ui.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The api-service refused a request and said why (an RFC 9457 problem details body). Pages show
 * {@link #detail()} at the top and each {@link FieldError} next to the input it concerns.
 *
 * @param status the HTTP status, e.g. 409 for a forbidden lifecycle transition
 * @param title  short summary, e.g. "Invalid pipeline definition"
 * @param detail longer text, may be null
 * @param errors one per problem with the JSON path it concerns ({@code $.sources[0].topic}); empty
 *               when the problem is not about particular fields
 */
public record ApiProblem(int status, String title, String detail, List<FieldError> errors) {

    public ApiProblem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One validation problem: the definition's JSON path and what is wrong there. */
    public record FieldError(String path, String message) {
    }

    /** What to show when nothing more specific applies. */
    public String message() {
        if (detail != null && !detail.isBlank()) {
            return detail;
        }
        return title == null || title.isBlank() ? "The api-service answered " + status : title;
    }

    /** Messages by JSON path, several per path joined, for forms to look up next to their inputs. */
    public Map<String, String> messagesByPath() {
        return errors.stream().collect(Collectors.toMap(FieldError::path, FieldError::message,
                (a, b) -> a + "; " + b, java.util.LinkedHashMap::new));
    }
}

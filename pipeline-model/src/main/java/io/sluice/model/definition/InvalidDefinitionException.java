package io.sluice.model.definition;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline definition that cannot be used, with every problem found. Thrown both for JSON that
 * does not fit the definition's shape and for a definition that breaks a validation rule, so that
 * callers map one exception to one error response.
 *
 * <p>It lives beside the definition records, not in the validation package, because
 * {@link PipelineJson} throws it as well: validation depends on definition, never the reverse.
 */
public class InvalidDefinitionException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidDefinitionException(List<Violation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    public InvalidDefinitionException(List<Violation> violations, Throwable cause) {
        this(violations);
        initCause(cause);
    }

    public List<Violation> violations() {
        return this.violations;
    }

    private static String describe(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid definition has at least one violation");
        }
        return "invalid pipeline definition: "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }

}

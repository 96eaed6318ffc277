package io.sluice.api.connection;

import java.util.List;

import io.sluice.model.definition.Violation;

/** A connection helper's request that cannot be tried as it is: every problem with its JSON path. */
class InvalidConnectionRequestException extends RuntimeException {

    private final List<Violation> violations;

    InvalidConnectionRequestException(List<Violation> violations) {
        super("invalid request: " + violations);
        this.violations = List.copyOf(violations);
    }

    List<Violation> violations() {
        return this.violations;
    }

}

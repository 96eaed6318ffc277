package io.sluice.api.connection;

import java.util.List;

import io.sluice.model.definition.Violation;

/** A token that is not admin named a host off the allow-list: a 403 listing each such host's field. */
class ConnectionNotAllowedException extends RuntimeException {

    private final List<Violation> violations;

    ConnectionNotAllowedException(List<Violation> violations) {
        super("connection helper refused: " + violations);
        this.violations = List.copyOf(violations);
    }

    List<Violation> violations() {
        return this.violations;
    }

}

package io.sluice.api.deadletter;

/** A parameter of a dead-letter request out of its range. */
class InvalidDeadLetterRequestException extends DeadLetterException {

    private final String path;

    InvalidDeadLetterRequestException(String path, String message) {
        super(message, null);
        this.path = path;
    }

    String path() {
        return this.path;
    }

}

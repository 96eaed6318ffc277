package io.sluice.api.browse;

/** A look at a source topic that failed; each subclass maps to one HTTP status. */
abstract class BrowseException extends RuntimeException {

    BrowseException(String message, Throwable cause) {
        super(message, cause);
    }
}

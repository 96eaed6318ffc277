package io.sluice.model.definition;

/**
 * One problem of a pipeline definition.
 *
 * @param path JSON path of the value at fault, like {@code $.sources[1].dedup.window}
 * @param message what is wrong, for the user who wrote the definition
 */
public record Violation(String path, String message) {

    @Override
    public String toString() {
        return this.path + ": " + this.message;
    }

}

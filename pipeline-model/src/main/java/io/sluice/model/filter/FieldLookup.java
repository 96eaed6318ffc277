package io.sluice.model.filter;

/** The values of an event's fields, as a filter sees them. */
@FunctionalInterface
public interface FieldLookup {

    /**
     * The value of a field: a {@link String}, {@link Number}, {@link Boolean}, or anything else
     * (which no literal equals); null when the event has no such field or the field is null.
     * @param path the field's dot-separated path, as written in the expression
     */
    Object valueOf(String path);

}

package io.sluice.model.definition;

/**
 * One field of a JSON event.
 *
 * @param name path of the field, dot-separated for nested objects ({@code user.id})
 */
public record FieldDefinition(String name, FieldType type) {
}

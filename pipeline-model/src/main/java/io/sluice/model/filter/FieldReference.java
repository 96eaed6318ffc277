package io.sluice.model.filter;

/**
 * A field used by a filter expression, for checking the expression against a schema.
 *
 * @param field the field's path as written
 * @param position where the field is written, counting characters from 1
 * @param literal what the field is compared with: a {@link String}, a
 * {@link java.math.BigDecimal} or a {@link Boolean}; null for {@code exists}
 */
public record FieldReference(String field, int position, Object literal) {
}

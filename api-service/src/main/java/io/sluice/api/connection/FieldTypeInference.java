package io.sluice.api.connection;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sluice.model.definition.FieldType;
import tools.jackson.databind.JsonNode;

/**
 * Guesses the field types of an event from one sample, for the wizard to propose a schema the
 * user then corrects. Nested objects are flattened into dot paths ({@code customer.address.city})
 * because that is how definitions and filters name nested fields.
 *
 * <ul>
 * <li>a string is a {@code timestamp} when it is an ISO-8601 date-time, else a {@code string};</li>
 * <li>an integer is an {@code int}, any other number a {@code float};</li>
 * <li>booleans are {@code bool}, arrays {@code array} (their elements are not looked into);</li>
 * <li>an empty object is an {@code object}: with no children there is nothing to flatten;</li>
 * <li>{@code null} tells nothing, so its type is null and the user chooses.</li>
 * </ul>
 *
 * Numbers are never guessed to be epoch timestamps, whatever the field is called: a guess from a
 * name like {@code ts} would be wrong as often as right, and a wrong timestamp type silently
 * corrupts data, where an {@code int} the user changes does not.
 */
final class FieldTypeInference {

    private FieldTypeInference() {
    }

    /** The fields of an event, in document order; empty if the event is not a JSON object. */
    static List<InferredField> infer(JsonNode event) {
        List<InferredField> fields = new ArrayList<>();
        if (event != null && event.isObject()) {
            flatten("", event, fields);
        }
        return List.copyOf(fields);
    }

    private static void flatten(String prefix, JsonNode object, List<InferredField> fields) {
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            String path = prefix + property.getKey();
            JsonNode value = property.getValue();
            if (value.isObject() && !value.isEmpty()) {
                flatten(path + ".", value, fields);
            }
            else {
                fields.add(new InferredField(path, typeOf(value)));
            }
        }
    }

    static FieldType typeOf(JsonNode value) {
        if (value.isString()) {
            return isDateTime(value.stringValue()) ? FieldType.TIMESTAMP : FieldType.STRING;
        }
        if (value.isIntegralNumber()) {
            return FieldType.INT;
        }
        if (value.isNumber()) {
            return FieldType.FLOAT;
        }
        if (value.isBoolean()) {
            return FieldType.BOOL;
        }
        if (value.isArray()) {
            return FieldType.ARRAY;
        }
        if (value.isObject()) {
            return FieldType.OBJECT;
        }
        return null;
    }

    // ISO_DATE_TIME takes a date, 'T', a time and an optional offset or zone:
    // 2024-05-01T12:00:00Z, 2024-05-01T12:00:00.123+02:00, 2024-05-01T12:00:00. A date alone is not a point in time.
    private static boolean isDateTime(String text) {
        if (text.length() < 16 || text.length() > 64) {
            return false;
        }
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(text);
            return true;
        }
        catch (DateTimeParseException ex) {
            return false;
        }
    }

    /** A field of the sample: its dot path and the type guessed, null for a JSON null. */
    record InferredField(String name, FieldType type) {
    }

}

package io.sluice.api.connection;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sluice.model.clickhouse.TimestampText;
import io.sluice.model.definition.FieldType;
import tools.jackson.databind.JsonNode;

/**
 * Guesses the field types of the sampled events, for the wizard to propose a schema the user then
 * corrects. Nested objects are flattened into dot paths ({@code customer.address.city})
 * because that is how definitions and filters name nested fields.
 *
 * <ul>
 * <li>a string is a {@code timestamp} when the sink writes it to a DateTime column
 * ({@link TimestampText}: {@code 2026-12-04 10:00:00}, ISO-8601, a date), else a {@code string};</li>
 * <li>an integer is an {@code int}, any other number a {@code float};</li>
 * <li>booleans are {@code bool}, arrays {@code array} (their elements are not looked into);</li>
 * <li>an empty object is an {@code object}: with no children there is nothing to flatten;</li>
 * <li>{@code null} tells nothing, so its type is null and the user chooses.</li>
 * </ul>
 *
 * Numbers are never guessed to be epoch timestamps, whatever the field is called: a guess from a
 * name like {@code ts} would be wrong as often as right, and a wrong timestamp type silently
 * corrupts data, where an {@code int} the user changes does not.
 *
 * <p>Over several events ({@link #inferAll}) a field's guess is the type that fits every value:
 * ints and floats are {@code float}, timestamps and other strings are {@code string}. When no type
 * fits all (a number in some events, text in others) the guess is the most frequent type and the
 * field says it does not fit all, so the wizard can show the disagreement instead of hiding it.
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

    private static boolean isDateTime(String text) {
        return TimestampText.isTimestamp(text);
    }

    /**
     * The fields of several events, each with its guess over all of them and how many events held
     * which type. Fields are in the order they first appear, newest event first; events that are
     * not JSON objects are not counted.
     */
    static List<SampledField> inferAll(List<JsonNode> events) {
        Map<String, Map<String, Integer>> seen = new LinkedHashMap<>();
        int objects = 0;
        for (JsonNode event : events) {
            if (event == null || !event.isObject()) {
                continue;
            }
            objects++;
            for (InferredField field : infer(event)) {
                seen.computeIfAbsent(field.name(), (name) -> new LinkedHashMap<>())
                    .merge(field.type() == null ? NULL : jsonName(field.type()), 1, Integer::sum);
            }
        }
        List<SampledField> fields = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> field : seen.entrySet()) {
            Map<String, Integer> counts = field.getValue();
            int present = counts.values().stream().mapToInt(Integer::intValue).sum();
            List<TypeCount> seenAs = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map((entry) -> new TypeCount(entry.getKey(), entry.getValue()))
                .toList();
            Guess guess = guess(seenAs);
            fields.add(new SampledField(field.getKey(), guess.type(), guess.fitsAll(), seenAs, objects - present));
        }
        return List.copyOf(fields);
    }

    /** What a JSON null is counted as in {@link SampledField#seenAs}. */
    static final String NULL = "null";

    private record Guess(FieldType type, boolean fitsAll) {
    }

    // Nulls tell nothing about the type, and a field missing from some events is the user's call
    // (it is written as the column's default): neither makes a type wrong.
    private static Guess guess(List<TypeCount> seenAs) {
        Set<FieldType> types = EnumSet.noneOf(FieldType.class);
        FieldType mostFrequent = null;
        for (TypeCount count : seenAs) {
            if (!count.type().equals(NULL)) {
                FieldType type = FieldType.valueOf(count.type().toUpperCase(java.util.Locale.ROOT));
                types.add(type);
                mostFrequent = (mostFrequent == null) ? type : mostFrequent;
            }
        }
        if (types.size() <= 1) {
            return new Guess(mostFrequent, true);
        }
        if (types.equals(EnumSet.of(FieldType.INT, FieldType.FLOAT))) {
            return new Guess(FieldType.FLOAT, true);
        }
        if (types.equals(EnumSet.of(FieldType.STRING, FieldType.TIMESTAMP))) {
            return new Guess(FieldType.STRING, true);
        }
        return new Guess(mostFrequent, false);
    }

    private static String jsonName(FieldType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A field over the sampled events.
     *
     * @param type the type that fits all its values; when none does ({@code fitsAll} false) the most
     *             frequent; null when every value was a JSON null
     * @param seenAs how many events held each type ({@code "null"} for a JSON null), most first
     * @param missingIn how many of the sampled JSON objects lack the field
     */
    record SampledField(String name, FieldType type, boolean fitsAll, List<TypeCount> seenAs, int missingIn) {
    }

    /** @param type a field type's JSON name, or {@code "null"} */
    record TypeCount(String type, int events) {
    }

    /** A field of the sample: its dot path and the type guessed, null for a JSON null. */
    record InferredField(String name, FieldType type) {
    }

}

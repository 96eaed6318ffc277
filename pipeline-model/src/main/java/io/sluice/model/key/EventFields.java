package io.sluice.model.key;

import io.sluice.model.filter.FieldLookup;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of one JSON event, found by dot path the way a {@link io.sluice.model.filter.Filter}
 * finds them: {@code user.id} is the {@code id} of the object under {@code user}, or else a
 * top-level member literally named {@code user.id}. Dedup keys, join keys, join output fields and
 * filters must agree on what a path means, or an event could be filtered on one value and
 * deduplicated or joined on another.
 */
public final class EventFields implements FieldLookup {

    // Floats are read as BigDecimal so that two keys differing in the 17th significant digit do
    // not collapse onto the same double.
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();

    private final JsonNode root;

    private EventFields(JsonNode root) {
        this.root = root;
    }

    /**
     * The fields of the event in these UTF-8 JSON bytes.
     * @throws InvalidEventException if the bytes are not one JSON object
     */
    public static EventFields parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        }
        catch (JacksonException | NumberFormatException | ArithmeticException ex) {
            throw new InvalidEventException("invalid JSON: " + firstLine(ex.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("not a JSON object"
                    + ((root == null || root.isMissingNode()) ? ": no content" : ": the event is " + kind(root)));
        }
        return new EventFields(root);
    }

    /** The node at this path; null when absent, a null node when the event holds {@code null}. */
    public JsonNode node(String path, String[] segments) {
        JsonNode current = this.root;
        for (String segment : segments) {
            current = current.isObject() ? current.get(segment) : null;
            if (current == null) {
                break;
            }
        }
        if (current == null || current.isNull()) {
            JsonNode literal = this.root.get(path);
            return (literal != null) ? literal : current;
        }
        return current;
    }

    /**
     * The value as a filter compares it: a String, a Number (exact: Integer, Long, BigInteger or
     * BigDecimal), a Boolean, the node itself for an object or array (which equals no literal),
     * or null for a missing or null field.
     */
    @Override
    public Object valueOf(String path) {
        JsonNode node = node(path, segments(path));
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node;
    }

    public static String[] segments(String path) {
        return path.split("\\.", -1);
    }

    static String kind(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }

    // Jackson messages append the source location on later lines; the reason stays one line.
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return (newline >= 0) ? message.substring(0, newline) : message;
    }

}

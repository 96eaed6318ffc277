package io.sluice.ingest.parse;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.FieldType;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.json.EventJson;
import io.sluice.model.key.CanonicalValues;
import io.sluice.model.key.KeyEncoding;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks one Kafka record of a source against its schema and extracts its dedup key, in one
 * streaming pass without building a tree (this runs for every event).
 *
 * <p>A record is accepted when it is valid UTF-8 holding exactly one JSON object, every schema
 * field it has (nested fields by dot path: {@code user.id} is {@code {"user":{"id":…}}}) holds the
 * declared type or null, and every dedup key field is present and not null. A missing non-key
 * field is fine: it is null downstream. Fields outside the schema are not looked at beyond JSON
 * syntax. When a name occurs twice in one object, every occurrence is type-checked and the last
 * one is the key, as a JSON tree reader downstream would see it.
 *
 * <p>Thread-safe: holds only the schema.
 */
public final class RecordParser {

    private static final JsonFactory JSON = EventJson.FACTORY;

    private static final String[] NO_KEY = new String[0];

    private final Node root;

    private final String[] keyFields;

    private RecordParser(Node root, String[] keyFields) {
        this.root = root;
        this.keyFields = keyFields;
    }

    /** The parser of a source's records: its schema, and its dedup key if it dedups. */
    public static RecordParser forSource(SourceDefinition source) {
        List<FieldDefinition> fields = source.schema() != null ? source.schema().fields() : List.of();
        List<String> key = source.dedup() != null ? source.dedup().key() : List.of();
        return of(fields, key);
    }

    /**
     * @param fields the schema
     * @param key    the key fields, in key order (each normally in the schema; one that is not
     *               is accepted with any scalar value)
     */
    public static RecordParser of(List<FieldDefinition> fields, List<String> key) {
        Node root = new Node("");
        for (FieldDefinition field : fields) {
            root.at(field.name()).field = field;
        }
        for (int i = 0; i < key.size(); i++) {
            root.at(key.get(i)).keyIndex = i;
        }
        return new RecordParser(root, key.isEmpty() ? NO_KEY : key.toArray(String[]::new));
    }

    /** Whether records of this source carry a dedup key. */
    public boolean hasKey() {
        return keyFields.length > 0;
    }

    /**
     * Checks the record.
     *
     * @param value the Kafka record's value (null for a tombstone)
     * @return the record's {@link KeyEncoding key}, or null when the source has no dedup key
     * @throws InvalidRecordException with the reason the record cannot be taken
     */
    public byte[] parse(byte[] value) throws InvalidRecordException {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("not valid JSON: the record is empty");
        }
        int invalid = Utf8Validator.firstInvalid(value);
        if (invalid >= 0) {
            throw new InvalidRecordException("not valid JSON: invalid UTF-8 at byte " + invalid);
        }
        byte[][] key = keyFields.length == 0 ? null : new byte[keyFields.length][];
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), value)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidRecordException("not a JSON object: the record is " + kind(first));
            }
            readObject(parser, root, key);
            if (parser.nextToken() != null) {
                throw new InvalidRecordException("not valid JSON: more content after the object at byte "
                        + parser.currentTokenLocation().getByteOffset());
            }
        } catch (JacksonException e) {
            throw new InvalidRecordException("not valid JSON: " + JacksonMessages.plain(e.getOriginalMessage()) + " at byte "
                    + e.getLocation().getByteOffset());
        }
        if (key == null) {
            return null;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] == null) {
                throw new InvalidRecordException("missing key field " + keyFields[i]);
            }
            if (key[i] == NULL_VALUE) {
                throw new InvalidRecordException("key field " + keyFields[i] + " is null");
            }
        }
        return KeyEncoding.encode(key);
    }

    // Marks a key field that is present but null, which is as useless as a missing one.
    private static final byte[] NULL_VALUE = new byte[0];

    /** Reads the object the parser is at the start of; {@code node} is its place in the schema. */
    private void readObject(JsonParser parser, Node node, byte[][] key) throws InvalidRecordException {
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            Node child = node.children == null ? null : node.children.get(name);
            if (child == null) {
                parser.skipChildren();
                continue;
            }
            if (child.field != null && child.field.type() != null && token != JsonToken.VALUE_NULL
                    && !matches(child.field.type(), token)) {
                throw new InvalidRecordException("field " + child.path + " is " + kind(token) + ", schema says "
                        + typeName(child.field.type()));
            }
            if (child.keyIndex >= 0) {
                key[child.keyIndex] = keyValue(parser, token, child);
            }
            if (token == JsonToken.START_OBJECT && child.children != null) {
                readObject(parser, child, key);
            } else {
                parser.skipChildren();
            }
        }
    }

    private static byte[] keyValue(JsonParser parser, JsonToken token, Node node) throws InvalidRecordException {
        return switch (token) {
            case VALUE_NULL -> NULL_VALUE;
            case VALUE_STRING -> parser.getString().getBytes(StandardCharsets.UTF_8);
            case VALUE_TRUE -> TRUE;
            case VALUE_FALSE -> FALSE;
            case VALUE_NUMBER_INT -> (node.field != null && node.field.type() == FieldType.INT
                    ? canonicalInteger(parser.getString()) : canonicalDecimal(parser.getString(), node.path))
                    .getBytes(StandardCharsets.UTF_8);
            case VALUE_NUMBER_FLOAT -> canonicalDecimal(parser.getString(), node.path).getBytes(StandardCharsets.UTF_8);
            default -> throw new InvalidRecordException("key field " + node.path + " is " + kind(token)
                    + ", a key field must be a string, number or bool");
        };
    }

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    static String canonicalInteger(String text) {
        return CanonicalValues.integer(text);
    }

    static String canonicalDecimal(String text, String path) throws InvalidRecordException {
        try {
            return CanonicalValues.decimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidRecordException("key field " + path + " is a number out of range: " + text);
        }
    }

    private static boolean matches(FieldType type, JsonToken token) {
        return switch (type) {
            case STRING -> token == JsonToken.VALUE_STRING;
            case INT -> token == JsonToken.VALUE_NUMBER_INT;
            case FLOAT -> token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
            case BOOL -> token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
            case ARRAY -> token == JsonToken.START_ARRAY;
            case OBJECT -> token == JsonToken.START_OBJECT;
            case TIMESTAMP -> token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT
                    || token == JsonToken.VALUE_NUMBER_FLOAT;
        };
    }

    /** The names the schema language uses, so a reason reads like the definition. */
    private static String typeName(FieldType type) {
        return switch (type) {
            case STRING -> "string";
            case INT -> "int";
            case FLOAT -> "float";
            case BOOL -> "bool";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case TIMESTAMP -> "timestamp";
        };
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT -> "int";
            case VALUE_NUMBER_FLOAT -> "float";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }

    /**
     * A place in the schema: a field, a key field, and/or the parent of nested ones. It knows its
     * dot path, which is the record's path to it too, for the reasons (built once, not per record).
     */
    private static final class Node {
        final String path;
        Map<String, Node> children;
        FieldDefinition field;
        int keyIndex = -1;

        Node(String path) {
            this.path = path;
        }

        Node at(String path) {
            Node node = this;
            for (String part : path.split("\\.", -1)) {
                if (node.children == null) {
                    node.children = new HashMap<>();
                }
                Node parent = node;
                node = node.children.computeIfAbsent(part, p -> new Node(parent.path.isEmpty() ? p : parent.path + "." + p));
            }
            return node;
        }
    }
}

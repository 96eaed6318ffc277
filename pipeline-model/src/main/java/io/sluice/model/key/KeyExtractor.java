package io.sluice.model.key;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.FieldType;
import io.sluice.model.definition.Schema;
import io.sluice.model.key.CanonicalValues;
import io.sluice.model.key.KeyEncoding;
import tools.jackson.databind.JsonNode;

/**
 * Builds an event's key from its JSON: for dedup, a batch whose records carry none (ingested before
 * the source had a dedup key); for a join, each side's key. The bytes are the ones ingest makes:
 * {@link KeyEncoding} of each key field's {@link CanonicalValues} text, an integer in an
 * {@code int} field by its digits, any other number by value. So an event keyed here and its twin
 * keyed by ingest claim the same Redis key, and a join's two sides, whose key fields have the same
 * types (checked when the definition is saved), meet on the same bytes whatever their field names.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class KeyExtractor {

    private final List<String> fields;

    private final String[][] segments;

    private final Set<String> intFields;

    private final String label;

    /** A dedup key's: reasons say "key field …", as ingest words them. */
    public KeyExtractor(List<String> fields, Schema schema) {
        this(fields, schema, "key");
    }

    /**
     * @param schema the source's schema: which key fields hold ints; null for none
     * @param label  what the key is called in reasons: "key", "join key"
     */
    public KeyExtractor(List<String> fields, Schema schema, String label) {
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("a " + label + " has at least one field");
        }
        this.label = label;
        this.fields = List.copyOf(fields);
        this.segments = new String[this.fields.size()][];
        for (int i = 0; i < this.segments.length; i++) {
            this.segments[i] = EventFields.segments(this.fields.get(i));
        }
        this.intFields = new HashSet<>();
        if (schema != null) {
            for (FieldDefinition field : schema.fields()) {
                if (field != null && field.type() == FieldType.INT) {
                    this.intFields.add(field.name());
                }
            }
        }
    }

    public List<String> fields() {
        return this.fields;
    }

    /**
     * The key of the event, as ingest encodes it.
     * @throws InvalidEventException if a key field is missing, null, an object or an array
     */
    public byte[] canonicalKey(EventFields event) {
        List<String> values = new ArrayList<>(this.segments.length);
        for (int i = 0; i < this.segments.length; i++) {
            String field = this.fields.get(i);
            JsonNode value = event.node(field, this.segments[i]);
            if (value == null) {
                throw new InvalidEventException("missing " + this.label + " field " + field);
            }
            if (value.isNull()) {
                throw new InvalidEventException(this.label + " field " + field + " is null");
            }
            if (value.isString()) {
                values.add(value.stringValue());
            }
            else if (value.isBoolean()) {
                values.add(value.booleanValue() ? "true" : "false");
            }
            else if (value.isIntegralNumber()) {
                String digits = value.bigIntegerValue().toString();
                values.add(this.intFields.contains(field) ? CanonicalValues.integer(digits) : CanonicalValues.decimal(digits));
            }
            else if (value.isNumber()) {
                values.add(CanonicalValues.decimal(value.decimalValue()));
            }
            else {
                // Worded as ingest words it, so a dead letter's reason does not depend on the stage.
                throw new InvalidEventException(this.label + " field " + field + " is " + (value.isObject() ? "object" : "array")
                        + ", a " + this.label + " field must be a string, number or bool");
            }
        }
        return KeyEncoding.encode(values);
    }
}

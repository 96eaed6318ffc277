package io.sluice.model.definition;

import java.util.List;

/** The fields of a source's JSON events that the pipeline uses. */
public record Schema(List<FieldDefinition> fields) {

    public Schema {
        fields = ListCopies.keepingNulls(fields);
    }

    /** The field with this name, or null. */
    public FieldDefinition field(String name) {
        for (FieldDefinition field : this.fields) {
            if (field != null && field.name() != null && field.name().equals(name)) {
                return field;
            }
        }
        return null;
    }

}

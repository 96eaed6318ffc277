package io.sluice.model.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

/** JSON types a field may have; {@code timestamp} is a string or number holding a point in time. */
public enum FieldType {

    @JsonProperty("string")
    STRING,

    @JsonProperty("int")
    INT,

    @JsonProperty("float")
    FLOAT,

    @JsonProperty("bool")
    BOOL,

    @JsonProperty("array")
    ARRAY,

    @JsonProperty("object")
    OBJECT,

    @JsonProperty("timestamp")
    TIMESTAMP;

    /** Whether values of this type can be compared for equality as a dedup or join key. */
    public boolean isScalar() {
        return this != ARRAY && this != OBJECT;
    }

}

package io.sluice.model.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum JoinType {

    /** Each event waits up to its side's window for a partner with the same key. */
    @JsonProperty("temporal")
    TEMPORAL

}

package io.sluice.model.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a source starts when its pipeline has never read the topic before. */
public enum InitialOffset {

    @JsonProperty("earliest")
    EARLIEST,

    @JsonProperty("latest")
    LATEST

}

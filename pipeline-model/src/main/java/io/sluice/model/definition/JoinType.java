package io.sluice.model.definition;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a left event gives when no partner arrives within its window (docs/join.md). */
public enum JoinType {

    /**
     * Nothing: it is dropped and counted as unmatched. Read from {@code "temporal"} as well, the
     * name of the only join type before {@code left} existed, so earlier definitions keep meaning
     * what they meant.
     */
    @JsonProperty("inner")
    @JsonAlias("temporal")
    INNER,

    /** One row with the right side's output fields null. */
    @JsonProperty("left")
    LEFT

}

package io.sluice.sink.column;

/** What a row gets when its field is missing or null and the column is not Nullable. */
public enum WhenMissing {

    /** The record is a conversion error and goes to the dead-letter stream: the default, so data is never made up. */
    REJECT,

    /**
     * The type's zero value (0, empty string, 1970-01-01, empty array, the smallest enum value).
     * Not the column's DEFAULT expression: RowBinary has no way to ask for it, so leave the column out
     * of the mapping to get that.
     */
    TYPE_DEFAULT

}

package io.sluice.model.definition;

/**
 * A field of a joined row.
 *
 * @param as its name in the joined row; the source field's name when absent
 */
public record OutputField(String sourceId, String field, String as) {

    /** The name of this field in the joined row. */
    public String outputName() {
        return (this.as != null) ? this.as : this.field;
    }

}

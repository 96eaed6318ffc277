package io.sluice.model.definition;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Joins the events of two sources whose keys are equal and which arrive within the sides'
 * windows of each other.
 *
 * @param outputFields the fields of a joined row, in order
 */
public record JoinDefinition(JoinType type, JoinSide left, JoinSide right, List<OutputField> outputFields) {

    public JoinDefinition {
        outputFields = ListCopies.keepingNulls(outputFields);
    }

    /**
     * The output names that are null in some rows by design: the right side's fields, in a
     * {@code left} join (a left event whose window ends without partner); none in an inner join.
     */
    public Set<String> fieldsNullWhenUnmatched() {
        if (type != JoinType.LEFT || right == null) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (OutputField field : outputFields) {
            if (field != null && right.sourceId() != null && right.sourceId().equals(field.sourceId())) {
                names.add(field.outputName());
            }
        }
        return Collections.unmodifiableSet(names);
    }

}

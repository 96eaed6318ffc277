package io.sluice.model.definition;

import java.util.List;

/**
 * Joins the events of two sources whose keys are equal and which arrive within the sides'
 * windows of each other.
 *
 * @param outputFields the fields of a joined row, in order
 */
public record JoinDefinition(JoinType type, JoinSide left, JoinSide right, List<OutputField> outputFields) {

    public JoinDefinition {
        outputFields = Copies.list(outputFields);
    }

}

package io.sluice.ui.wizard;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sluice.model.filter.FieldReference;
import io.sluice.model.filter.Filter;
import io.sluice.model.filter.FilterSyntaxException;

/**
 * "Try it on the sample": runs a filter expression on the sample event with the same
 * {@link Filter} the dedup-service runs, so the preview cannot disagree with the pipeline.
 */
final class FilterPreview {

    private FilterPreview() {
    }

    enum Outcome { KEEPS, DROPS, SYNTAX_ERROR, NO_FILTER, NO_SAMPLE }

    /**
     * @param message       what to tell the user
     * @param position      for a syntax error, where it is (from 1); else 0
     * @param unknownFields fields the expression uses that the pipeline's output lacks: they are
     *                      always missing, which is rarely meant
     */
    record Result(Outcome outcome, String message, int position, List<String> unknownFields) implements Serializable {

        public boolean error() {
            return outcome == Outcome.SYNTAX_ERROR;
        }
    }

    /**
     * @param event  the sample as the filter sees it (the joined row's fields when there is a join), or null
     * @param fields the names of the pipeline's output fields
     */
    static Result run(String expression, Map<String, ?> event, List<String> fields) {
        if (expression == null || expression.isBlank()) {
            return new Result(Outcome.NO_FILTER, "No filter: every event is kept.", 0, List.of());
        }
        Filter filter;
        try {
            filter = Filter.parse(expression);
        } catch (FilterSyntaxException e) {
            return new Result(Outcome.SYNTAX_ERROR, "Syntax error at position " + e.position() + ": " + e.reason(),
                    e.position(), List.of());
        }
        List<String> unknown = new ArrayList<>();
        for (FieldReference reference : filter.fieldReferences()) {
            if (!fields.contains(reference.field()) && !unknown.contains(reference.field())) {
                unknown.add(reference.field());
            }
        }
        if (event == null) {
            return new Result(Outcome.NO_SAMPLE, "The expression is valid. There is no sample event to try it on:"
                    + " show one on the topic page.", 0, unknown);
        }
        return filter.evaluate(event)
                ? new Result(Outcome.KEEPS, "The sample event is kept.", 0, unknown)
                : new Result(Outcome.DROPS, "The sample event is dropped.", 0, unknown);
    }
}

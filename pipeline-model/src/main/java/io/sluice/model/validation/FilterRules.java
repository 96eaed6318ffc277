package io.sluice.model.validation;

import java.math.BigDecimal;
import java.util.Optional;

import io.sluice.model.definition.FieldType;
import io.sluice.model.filter.FieldReference;
import io.sluice.model.filter.Filter;
import io.sluice.model.filter.FilterSyntaxException;

final class FilterRules {

    private static final String PATH = "$.filter";

    /** Longest filter; far more than a readable expression needs, and it bounds the parser's work. */
    static final int MAX_LENGTH = 4000;

    private FilterRules() {
    }

    static void check(Problems problems, String text, Optional<OutputSchema> output) {
        if (text == null) {
            return;
        }
        if (text.isBlank()) {
            problems.add(PATH, "must not be blank; leave it out to keep every event");
            return;
        }
        if (!problems.maxLength(PATH, text, MAX_LENGTH)) {
            return;
        }
        Filter filter;
        try {
            filter = Filter.parse(text);
        }
        catch (FilterSyntaxException ex) {
            problems.add(PATH, ex.getMessage());
            return;
        }
        if (output.isEmpty()) {
            return;
        }
        for (FieldReference reference : filter.fieldReferences()) {
            if (!output.get().has(reference.field())) {
                problems.add(PATH, "unknown field \"" + reference.field() + "\" at position " + reference.position()
                        + "; the pipeline's output has: " + output.get().describe());
                continue;
            }
            FieldType type = output.get().type(reference.field());
            if (type != null && reference.literal() != null && !comparable(type, reference.literal())) {
                problems.add(PATH, "field \"" + reference.field() + "\" at position " + reference.position() + " is "
                        + TypeNames.of(type) + " and cannot be compared with " + describe(reference.literal()));
            }
        }
    }

    private static boolean comparable(FieldType type, Object literal) {
        return switch (type) {
            case STRING -> literal instanceof String;
            case INT, FLOAT -> literal instanceof BigDecimal;
            case BOOL -> literal instanceof Boolean;
            case TIMESTAMP -> literal instanceof String || literal instanceof BigDecimal;
            case ARRAY, OBJECT -> false;
        };
    }

    private static String describe(Object literal) {
        if (literal instanceof String text) {
            return "the string \"" + text + "\"";
        }
        if (literal instanceof BigDecimal number) {
            return "the number " + number.toPlainString();
        }
        return literal.toString();
    }

}

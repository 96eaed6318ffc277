package io.sluice.ui.wizard;

import java.util.List;

/**
 * The filter step's help: a short reference of the grammar of {@code io.sluice.model.filter.Filter},
 * each form shown by an expression a user can copy. FilterHelpTests parses every one of them, so
 * the help cannot show syntax the pipeline refuses.
 */
final class FilterHelp {

    /** An expression to show and what it means. */
    record Example(String expression, String means) {
    }

    /** The example in the hint under the input. */
    static final Example EXAMPLE = new Example("status != \"test\" && amount > 0",
            "keeps events that are not tests and have a positive amount");

    static final List<Example> GRAMMAR = List.of(
            new Example("amount >= 10", "Compare a field with == != < <= > >= and a number, a \"string\" or 'string',"
                    + " true or false."),
            new Example("coupon exists", "The field is present and not null."),
            new Example("customer.id == 7", "A nested field: names joined by '.'."),
            new Example("paid == true && amount > 0", "Both hold."),
            new Example("status == \"new\" || status == 'paid'", "Either holds; && binds tighter than ||."),
            new Example("!(status == \"test\" || coupon exists)", "Negate with !, group with parentheses."));

    /** How a comparison treats a field that is not there; surprising enough to say next to the grammar. */
    static final String MISSING_FIELDS = "A missing or null field, or one of another kind than the value, equals"
            + " nothing: == and the orderings are false, != is true.";

    private FilterHelp() {
    }

    /** Every expression the help shows. */
    static List<Example> all() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(EXAMPLE), GRAMMAR.stream()).toList();
    }
}

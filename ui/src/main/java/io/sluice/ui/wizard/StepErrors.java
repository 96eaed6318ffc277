package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sluice.ui.wizard.Draft.Problem;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.MappingRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;

/**
 * The api-service's problems of one page, keyed by input name for the template to show each
 * next to its input. A problem about one row of a table (a schema field, a mapping) is keyed
 * {@code fields#3} by the row's index on the page as well, to highlight the row, and its message
 * names the row.
 */
final class StepErrors {

    private StepErrors() {
    }

    static Map<String, String> of(Step step, List<Problem> problems, Forms forms) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Problem problem : problems) {
            if (problem.location().step() != step) {
                continue;
            }
            String field = problem.location().field();
            int index = problem.location().index();
            String message = problem.message();
            int row = row(step, field, index, forms);
            if (row >= 0) {
                String name = rowName(step, field, row, forms);
                message = (name == null ? "" : name + ": ") + message;
                errors.merge(field + "#" + row, problem.message(), (a, b) -> a + "; " + b);
            }
            errors.merge(field, message, (a, b) -> a + "; " + b);
        }
        return errors;
    }

    /** Every message, for the summary at the top of the page and on the review page. */
    static List<String> messages(Map<String, String> errors) {
        List<String> messages = new ArrayList<>();
        errors.forEach((field, message) -> {
            if (!field.contains("#")) {
                messages.add(message);
            }
        });
        return messages;
    }

    // The definition lists only the ticked schema rows and the mapped fields: its index counts those.
    private static int row(Step step, String field, int index, Forms forms) {
        if (index < 0) {
            return -1;
        }
        if (field.equals("fields") && (step == Step.TOPIC || step == Step.JOIN)) {
            List<SchemaRow> rows = step == Step.TOPIC ? forms.topic().fields() : forms.join().fields();
            return nth(rows.stream().map(SchemaRow::include).toList(), index);
        }
        if (field.equals("mapping")) {
            return nth(forms.table().mapping().stream().map((row) -> row.column() != null && !row.column().isBlank())
                    .toList(), index);
        }
        return -1;
    }

    private static String rowName(Step step, String field, int row, Forms forms) {
        if (field.equals("fields")) {
            return "Field \"" + (step == Step.TOPIC ? forms.topic().fields() : forms.join().fields()).get(row).name() + "\"";
        }
        MappingRow mapping = forms.table().mapping().get(row);
        return "Field \"" + mapping.field() + "\" → column \"" + mapping.column() + "\"";
    }

    private static int nth(List<Boolean> counted, int index) {
        int seen = -1;
        for (int i = 0; i < counted.size(); i++) {
            if (counted.get(i) && ++seen == index) {
                return i;
            }
        }
        return -1;
    }
}

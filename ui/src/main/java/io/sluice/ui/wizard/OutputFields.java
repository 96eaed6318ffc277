package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.List;

import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.OutputRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;

/**
 * The fields a pipeline hands to its filter and its table: the first source's fields, or the
 * joined row's fields when there is a join. Mirrors the api-service's rule, so the mapping page
 * offers exactly the fields the definition may map.
 */
final class OutputFields {

    private OutputFields() {
    }

    /** @param type {@code string}, {@code int}, …; blank when unknown */
    record OutputField(String name, String type) {
    }

    static List<OutputField> of(Forms forms) {
        List<OutputField> fields = new ArrayList<>();
        if (!forms.join().enabled()) {
            for (SchemaRow row : forms.topic().fields()) {
                if (row.include()) {
                    fields.add(new OutputField(row.name(), row.type()));
                }
            }
            return fields;
        }
        for (OutputRow row : forms.join().outputFields()) {
            if (row.include()) {
                List<SchemaRow> schema = "right".equals(row.source()) ? forms.join().fields() : forms.topic().fields();
                String name = row.as() == null || row.as().isBlank() ? row.field() : row.as().trim();
                fields.add(new OutputField(name, typeOf(schema, row.field())));
            }
        }
        return fields;
    }

    /**
     * The output rows to offer when the user turns the join on or changes a side: every included
     * field of both sides, the right side's renamed with its source id when the name is taken.
     * Choices already made for a field (included, renamed) are kept.
     */
    static List<OutputRow> joinCandidates(Forms forms) {
        List<OutputRow> previous = forms.join().outputFields();
        List<OutputRow> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SchemaRow field : forms.topic().fields()) {
            if (field.include()) {
                rows.add(keep(previous, "left", field.name(), field.name()));
                names.add(field.name());
            }
        }
        String prefix = forms.join().sourceId() == null || forms.join().sourceId().isBlank() ? "right"
                : forms.join().sourceId().replace('-', '_');
        for (SchemaRow field : forms.join().fields()) {
            if (field.include()) {
                String as = names.contains(field.name()) ? prefix + "_" + field.name() : "";
                rows.add(keep(previous, "right", field.name(), as));
            }
        }
        return rows;
    }

    private static OutputRow keep(List<OutputRow> previous, String source, String field, String as) {
        for (OutputRow row : previous) {
            if (source.equals(row.source()) && field.equals(row.field())) {
                return row;
            }
        }
        return new OutputRow(true, source, field, as.equals(field) ? "" : as);
    }

    private static String typeOf(List<SchemaRow> schema, String field) {
        for (SchemaRow row : schema) {
            if (row.name().equals(field)) {
                return row.type();
            }
        }
        return "";
    }
}

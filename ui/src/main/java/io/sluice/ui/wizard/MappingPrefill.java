package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.sluice.ui.wizard.OutputFields.OutputField;
import io.sluice.ui.wizard.WizardForms.MappingRow;

/**
 * Proposes where each output field goes: the column of the same name, else the column named like
 * the field with its dots written as underscores ({@code customer.id} → {@code customer_id}),
 * compared without case. Of several candidates the one whose type fits wins; no column is proposed
 * twice, and a field without a candidate is left unwritten for the user to decide.
 */
final class MappingPrefill {

    private MappingPrefill() {
    }

    /**
     * One row per output field, in the fields' order.
     *
     * @param previous the user's current choices: kept when their column still exists
     */
    static List<MappingRow> propose(List<OutputField> fields, List<TableColumn> columns, List<MappingRow> previous) {
        Set<String> taken = new HashSet<>();
        List<MappingRow> rows = new ArrayList<>();
        for (OutputField field : fields) {
            String kept = previousChoice(field.name(), columns, previous);
            if (kept != null) {
                taken.add(kept);
            }
        }
        for (OutputField field : fields) {
            String column = previousChoice(field.name(), columns, previous);
            if (column == null && !hasPrevious(field.name(), previous)) {
                column = bestColumn(field, columns, taken);
                if (column != null) {
                    taken.add(column);
                }
            }
            rows.add(new MappingRow(field.name(), column == null ? "" : column));
        }
        return rows;
    }

    private static String bestColumn(OutputField field, List<TableColumn> columns, Set<String> taken) {
        TableColumn fallback = null;
        for (TableColumn column : columns) {
            if (taken.contains(column.name()) || !sameName(field.name(), column.name())) {
                continue;
            }
            if (!TypeCompatibility.of(field.type(), column.type()).mismatch()) {
                return column.name();
            }
            if (fallback == null) {
                fallback = column;
            }
        }
        // A same-named column whose type does not fit is still the user's most likely choice: it is
        // proposed, and the page highlights the mismatch.
        return fallback == null ? null : fallback.name();
    }

    static boolean sameName(String field, String column) {
        return normalized(field).equals(normalized(column));
    }

    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    private static boolean hasPrevious(String field, List<MappingRow> previous) {
        return previous.stream().anyMatch((row) -> row.field().equals(field));
    }

    // An explicit "not written" (blank) choice is kept too, unless the field is new.
    private static String previousChoice(String field, List<TableColumn> columns, List<MappingRow> previous) {
        for (MappingRow row : previous) {
            if (row.field().equals(field) && row.column() != null && !row.column().isBlank()
                    && columns.stream().anyMatch((column) -> column.name().equals(row.column()))) {
                return row.column();
            }
        }
        return null;
    }
}

package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sluice.ui.wizard.OutputFields.OutputField;

/**
 * The columns the wizard proposes for a table it creates: one per field the pipeline writes, named
 * like the field (dots and other characters that need quoting as underscores, which the mapping
 * then matches by name, {@link MappingPrefill#sameName}) and typed so that every value of the field
 * is written ({@link TypeCompatibility} says "fits" or, for a bool or a nested value, "stored as
 * text"). Types are ones ClickHouse 18.16 has, the oldest server the sink writes to: a timestamp is
 * a {@code DateTime} (whole seconds; {@code DateTime64} needs 20.1), a bool is text ({@code Bool}
 * needs 21.12).
 */
final class NewTableProposal {

    private static final Map<String, String> TYPES = Map.of("string", "String", "int", "Int64", "float", "Float64",
            "timestamp", "DateTime", "bool", "String", "array", "String", "object", "String");

    private NewTableProposal() {
    }

    /** A proposed column and the field written to it. */
    record ProposedColumn(String name, String type, String field) {
    }

    static List<ProposedColumn> columns(List<OutputField> fields) {
        List<ProposedColumn> columns = new ArrayList<>();
        Set<String> taken = new LinkedHashSet<>();
        for (OutputField field : fields) {
            String name = columnName(field.name());
            if (!taken.add(name)) {
                continue;
            }
            columns.add(new ProposedColumn(name, TYPES.getOrDefault(field.type(), "String"), field.name()));
        }
        return columns;
    }

    /** The proposed sort key: the columns of the dedup key fields that are columns of the table. */
    static List<String> orderBy(List<ProposedColumn> columns, List<String> dedupKey) {
        List<String> key = new ArrayList<>();
        for (String field : dedupKey) {
            columns.stream().filter((c) -> c.field().equals(field)).findFirst().ifPresent((c) -> key.add(c.name()));
        }
        return key;
    }

    static String columnName(String field) {
        String name = field.replaceAll("[^A-Za-z0-9_]", "_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }
}

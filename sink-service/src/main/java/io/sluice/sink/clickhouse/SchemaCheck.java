package io.sluice.sink.clickhouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sluice.model.clickhouse.TableDeduplication;
import io.sluice.model.definition.ColumnMapping;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.clickhouse.ClickHouseType;
import io.sluice.sink.column.ColumnBinding;
import io.sluice.sink.column.RowEncoder;
import io.sluice.model.clickhouse.UnsupportedColumnTypeException;

/**
 * Compares a pipeline's mapping with the real table before the pipeline starts, and reports every
 * problem at once, so the user learns at start-up what would otherwise fail at row 1,000,001: a
 * missing table or column, a column type the sink cannot write, a declared {@code columnType} that
 * differs from the table's, a type this server version does not have.
 *
 * <p>Columns of the table that are not mapped are fine: the INSERT names its columns and
 * ClickHouse fills the others with their DEFAULT expression or their type's zero value (NULL for
 * Nullable), whatever their type.
 */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    public static Result check(SinkDefinition sink, TableInspection table) {
        return check(sink, table, Set.of());
    }

    /**
     * @param mayBeNull fields that are null by design in some rows (the right side's output fields
     *                  of a {@code left} join, for a left event without partner): their columns
     *                  must take NULL, or every such row would be a dead letter
     */
    public static Result check(SinkDefinition sink, TableInspection table, Set<String> mayBeNull) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<ColumnBinding> bindings = new ArrayList<>();
        String name = sink.database() + "." + sink.table();
        if (!table.databaseExists()) {
            problems.add("database " + sink.database() + " does not exist on the ClickHouse server");
        }
        else if (!table.tableExists()) {
            problems.add("table " + name + " does not exist");
        }
        Map<String, TableColumn> columns = new LinkedHashMap<>();
        table.columns().forEach((column) -> columns.put(column.name(), column));
        for (ColumnMapping mapping : sink.mapping()) {
            ClickHouseType declared = declaredType(mapping, table.version(), problems);
            if (!table.tableExists()) {
                continue;
            }
            TableColumn column = columns.get(mapping.column());
            if (column == null) {
                problems.add("column " + mapping.column() + " (for field " + mapping.field() + ") does not exist in " + name
                        + "; its columns are " + String.join(", ", columns.keySet()));
                continue;
            }
            if (!column.isInsertable()) {
                problems.add("column " + mapping.column() + " is " + column.defaultKind()
                        + ", computed by ClickHouse; it cannot be written, so leave it out of the mapping");
                continue;
            }
            ClickHouseType actual;
            try {
                actual = ClickHouseType.parse(column.type());
                RowEncoder.checkWritable(actual);
            }
            catch (UnsupportedColumnTypeException ex) {
                problems.add("column " + mapping.column() + " of " + name + ": " + ex.getMessage());
                continue;
            }
            if (declared != null && !declared.equals(actual)) {
                problems.add("column " + mapping.column() + " is declared " + declared.sql() + ", but " + name
                        + " has it as " + actual.sql());
                continue;
            }
            if (mayBeNull.contains(mapping.field()) && !takesNull(actual)) {
                problems.add("column " + mapping.column() + " gets field " + mapping.field() + " of the join's right side, "
                        + "which is null for a left event that finds no partner (a left join), but it is " + actual.sql()
                        + "; make it Nullable(" + actual.sql() + ")");
                continue;
            }
            bindings.add(new ColumnBinding(mapping.field(), mapping.column(), actual));
        }
        TableDeduplication deduplication = table.deduplication();
        TableDeduplication.Verdict verdict = problems.isEmpty() && deduplication != null
                ? deduplication.verdict(name, sink.allowAtLeastOnce()) : null;
        if (verdict != null) {
            (verdict.refused() ? problems : warnings).add(verdict.message());
        }
        return new Result(problems, warnings, problems.isEmpty() ? bindings : List.of());
    }

    private static boolean takesNull(ClickHouseType type) {
        return type instanceof ClickHouseType.Nullable
                || (type instanceof ClickHouseType.LowCardinality low && low.inner() instanceof ClickHouseType.Nullable);
    }

    private static ClickHouseType declaredType(ColumnMapping mapping, ServerVersion version, List<String> problems) {
        if (mapping.columnType() == null || mapping.columnType().isBlank()) {
            return null;
        }
        ClickHouseType declared;
        try {
            declared = ClickHouseType.parse(mapping.columnType());
            RowEncoder.checkWritable(declared);
        }
        catch (UnsupportedColumnTypeException ex) {
            problems.add("column " + mapping.column() + ": " + ex.getMessage());
            return null;
        }
        String lacking = requirement(declared, version);
        if (lacking != null) {
            problems.add("column " + mapping.column() + " is declared " + declared.sql() + ", but " + lacking
                    + "; this server runs ClickHouse " + version);
            return null;
        }
        return declared;
    }

    /** What the type needs that the server lacks, or null; first releases from ClickHouse's changelog. */
    static String requirement(ClickHouseType type, ServerVersion version) {
        if (type instanceof ClickHouseType.DateTime64 && !version.isAtLeast(20, 1)) {
            return "DateTime64 needs ClickHouse 20.1 or later";
        }
        if (type instanceof ClickHouseType.Simple simple && simple.scalar() == ClickHouseType.Scalar.BOOL
                && !version.isAtLeast(21, 12)) {
            return "Bool needs ClickHouse 21.12 or later (use UInt8 before that)";
        }
        if (type instanceof ClickHouseType.MapOf map) {
            if (!version.isAtLeast(21, 1)) {
                return "Map needs ClickHouse 21.1 or later (use two Array columns, or a String of JSON, before that)";
            }
            String inKey = requirement(map.key(), version);
            return (inKey != null) ? inKey : requirement(map.value(), version);
        }
        if (type instanceof ClickHouseType.Nullable nullable) {
            return requirement(nullable.inner(), version);
        }
        if (type instanceof ClickHouseType.ArrayOf array) {
            return requirement(array.element(), version);
        }
        if (type instanceof ClickHouseType.LowCardinality lowCardinality) {
            return requirement(lowCardinality.inner(), version);
        }
        return null;
    }

    /**
     * @param problems each one a reason to refuse to start the pipeline
     * @param warnings worth showing, but no reason to refuse
     * @param bindings the columns to compile the encoder from, with the table's types; empty when
     * there are problems
     */
    public record Result(List<String> problems, List<String> warnings, List<ColumnBinding> bindings) {

        public Result {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
            bindings = List.copyOf(bindings);
        }

        public boolean passed() {
            return this.problems.isEmpty();
        }
    }

}

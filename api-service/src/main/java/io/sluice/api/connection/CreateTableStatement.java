package io.sluice.api.connection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.sluice.model.clickhouse.ClickHouseType;
import io.sluice.model.clickhouse.UnsupportedColumnTypeException;
import io.sluice.model.definition.Violation;

/**
 * The {@code CREATE TABLE} the wizard offers for a table that does not exist yet, built from the
 * columns, engine and sort key the user chose. Decides everything the statement says, so the
 * statement shown before it runs is the one that runs.
 *
 * <p>Names come from the user and enter the statement only as back-quoted identifiers (backslash
 * and back quote escaped), types only after the sink's own parser read them
 * ({@link ClickHouseType#parse}: a type the sink could not write is refused here, not at row one),
 * and the ZooKeeper path only as a string literal ({@link ClickHouseSql#literal}).
 *
 * <p>Engines: {@code ReplicatedMergeTree} drops a replayed insert, which is what exactly-once
 * delivery rests on (docs/sink.md, "Start-up check"); its ZooKeeper path and replica name use the
 * server's {@code {shard}} and {@code {replica}} macros, so the same statement run on each replica
 * of a shard makes them replicas of one table. {@code MergeTree} is offered for a server without
 * ZooKeeper: the sink then refuses the pipeline unless at-least-once delivery is accepted.
 */
final class CreateTableStatement {

    static final String REPLICATED = "ReplicatedMergeTree";

    static final String PLAIN = "MergeTree";

    static final List<String> ENGINES = List.of(REPLICATED, PLAIN);

    private CreateTableStatement() {
    }

    /** A column of the new table: its name and its ClickHouse type, e.g. {@code DateTime}. */
    record NewColumn(String name, String type) {
    }

    /**
     * The statement, or a refusal listing every problem with its field.
     *
     * @param macros the names of the server's macros ({@code system.macros})
     * @throws InvalidConnectionRequestException when the choice cannot make a table
     */
    static String of(String database, String table, List<NewColumn> columns, String engine, List<String> orderBy,
            Set<String> macros) {
        List<Violation> violations = new ArrayList<>();
        List<String> definitions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (columns == null || columns.isEmpty()) {
            violations.add(new Violation("$.columns", "The table needs at least one column: map a field first."));
        }
        else {
            for (int i = 0; i < columns.size(); i++) {
                NewColumn column = columns.get(i);
                String path = "$.columns[" + i + "]";
                if (column == null || column.name() == null || column.name().isBlank()) {
                    violations.add(new Violation(path + ".name", "A column needs a name."));
                    continue;
                }
                if (!names.add(column.name())) {
                    violations.add(new Violation(path + ".name", "Column " + column.name() + " is listed twice."));
                    continue;
                }
                try {
                    definitions.add(identifier(column.name()) + " " + ClickHouseType.parse(column.type()).sql());
                }
                catch (UnsupportedColumnTypeException ex) {
                    violations.add(new Violation(path + ".type", "Column " + column.name() + ": " + ex.getMessage()));
                }
            }
        }
        List<String> sortKey = (orderBy == null) ? List.of() : orderBy;
        for (int i = 0; i < sortKey.size(); i++) {
            String name = sortKey.get(i);
            if (name == null || !names.contains(name)) {
                violations.add(new Violation("$.orderBy[" + i + "]", "Sort by a column of the new table; " + name
                        + " is not one."));
            }
            else if (nullable(columns, name)) {
                violations.add(new Violation("$.orderBy[" + i + "]", "Column " + name + " may be NULL, and a MergeTree"
                        + " table cannot sort by a column that may be NULL."));
            }
        }
        if (engine == null || !ENGINES.contains(engine)) {
            violations.add(new Violation("$.engine", "Choose the engine: " + String.join(" or ", ENGINES) + "."));
        }
        else if (engine.equals(REPLICATED) && !(macros.contains("shard") && macros.contains("replica"))) {
            violations.add(new Violation("$.engine", "This ClickHouse server defines no {shard} and {replica} macros,"
                    + " which a ReplicatedMergeTree table created here is named with. Define them in the server's"
                    + " configuration (and ZooKeeper), or create the table yourself."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidConnectionRequestException(violations);
        }
        return "CREATE TABLE " + identifier(database) + "." + identifier(table) + "\n(\n    "
                + String.join(",\n    ", definitions) + "\n)\nENGINE = " + engine(engine, database, table)
                + "\nORDER BY " + (sortKey.isEmpty() ? "tuple()"
                        : "(" + String.join(", ", sortKey.stream().map(CreateTableStatement::identifier).toList()) + ")");
    }

    private static String engine(String engine, String database, String table) {
        if (engine.equals(REPLICATED)) {
            return REPLICATED + "(" + ClickHouseSql.literal("/clickhouse/tables/{shard}/" + database + "." + table)
                    + ", '{replica}')";
        }
        return PLAIN + "()";
    }

    private static boolean nullable(List<NewColumn> columns, String name) {
        return columns.stream().filter((c) -> c != null && name.equals(c.name())).findFirst()
            .map((c) -> {
                try {
                    return ClickHouseType.parse(c.type()).acceptsNull();
                }
                catch (UnsupportedColumnTypeException ex) {
                    return false;
                }
            })
            .orElse(false);
    }

    /** A name as a back-quoted ClickHouse identifier: no name can end the quoting early. */
    static String identifier(String name) {
        StringBuilder quoted = new StringBuilder(name.length() + 2).append('`');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '`' -> quoted.append("\\`");
                case '\0' -> quoted.append("\\0");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('`').toString();
    }

}

package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import io.sluice.api.connection.CreateTableStatement.NewColumn;
import io.sluice.model.definition.Violation;
import org.junit.jupiter.api.Test;

class CreateTableStatementTests {

    private static final Set<String> MACROS = Set.of("shard", "replica");

    private static final List<NewColumn> COLUMNS = List.of(new NewColumn("id", "String"), new NewColumn("at", "DateTime"));

    @Test
    void replicatedTableIsNamedWithTheShardAndReplicaMacros() {
        assertThat(CreateTableStatement.of("shop", "orders", COLUMNS, "ReplicatedMergeTree", List.of("id"), MACROS))
            .isEqualTo("CREATE TABLE `shop`.`orders`\n(\n    `id` String,\n    `at` DateTime\n)\n"
                    + "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/shop.orders', '{replica}')\nORDER BY (`id`)");
    }

    @Test
    void noSortKeySortsByNothing() {
        assertThat(CreateTableStatement.of("shop", "orders", COLUMNS, "MergeTree", List.of(), Set.of()))
            .endsWith("ENGINE = MergeTree()\nORDER BY tuple()");
    }

    @Test
    void namesAreQuotedSoThatNoneEndsTheQuoting() {
        assertThat(CreateTableStatement.identifier("a`b\\c")).isEqualTo("`a\\`b\\\\c`");
        assertThat(CreateTableStatement.of("shop", "o'rders", COLUMNS, "ReplicatedMergeTree", List.of(), MACROS))
            .contains("`shop`.`o'rders`", "'/clickhouse/tables/{shard}/shop.o\\'rders'");
    }

    @Test
    void typesAreWrittenAsTheSinksParserReadsThem() {
        assertThat(CreateTableStatement.of("shop", "t", List.of(new NewColumn("n", " Nullable( String ) ")), "MergeTree",
                List.of(), Set.of())).contains("`n` Nullable(String)");
    }

    @Test
    void replicatedWithoutMacrosSaysWhatToDo() {
        assertThat(violations(() -> CreateTableStatement.of("shop", "t", COLUMNS, "ReplicatedMergeTree", List.of(), Set.of())))
            .extracting(Violation::path).containsExactly("$.engine");
    }

    @Test
    void everyProblemIsListedWithItsField() {
        List<NewColumn> columns = List.of(new NewColumn("id", "String"), new NewColumn("id", "String"),
                new NewColumn("x", "Text"), new NewColumn("", "String"), new NewColumn("maybe", "Nullable(String)"));
        assertThat(violations(() -> CreateTableStatement.of("shop", "t", columns, "Memory", List.of("nope", "maybe"), MACROS)))
            .extracting(Violation::path)
            .containsExactly("$.columns[1].name", "$.columns[2].type", "$.columns[3].name", "$.orderBy[0]", "$.orderBy[1]",
                    "$.engine");
        assertThat(violations(() -> CreateTableStatement.of("shop", "t", List.of(), "MergeTree", List.of(), MACROS)))
            .extracting(Violation::path).containsExactly("$.columns");
    }

    private static List<Violation> violations(Runnable call) {
        try {
            call.run();
        }
        catch (InvalidConnectionRequestException ex) {
            return ex.violations();
        }
        throw new AssertionError("not refused");
    }

}

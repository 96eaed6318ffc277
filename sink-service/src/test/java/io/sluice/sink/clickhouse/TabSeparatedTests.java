package io.sluice.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TabSeparatedTests {

    @Test
    void splitsRowsAndValues() {
        assertThat(TabSeparated.parse("a\tb\nc\td\n")).containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void unescapesValuesAsClickHouseEscapesThem() {
        // What ClickHouse 18.16 prints for the type Enum8('b\'x' = -2) in system.columns.
        assertThat(TabSeparated.parse("e\tEnum8(\\'b\\\\\\'x\\' = -2)\n"))
                .containsExactly(List.of("e", "Enum8('b\\'x' = -2)"));
        assertThat(TabSeparated.parse("a\\tb\\nc\\\\\n")).containsExactly(List.of("a\tb\nc\\"));
    }

    @Test
    void readsNullAndEmptyValues() {
        assertThat(TabSeparated.parse("\\N\t\n")).containsExactly(Arrays.asList(null, ""));
    }

    @Test
    void readsNoRowsFromAnEmptyAnswer() {
        assertThat(TabSeparated.parse("")).isEmpty();
    }

}

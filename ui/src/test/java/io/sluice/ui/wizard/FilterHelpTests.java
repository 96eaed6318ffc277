package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.stream.Stream;

import io.sluice.model.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FilterHelpTests {

    static Stream<FilterHelp.Example> examples() {
        return FilterHelp.all().stream();
    }

    // A user copies these into the filter box: each must be valid as shown.
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleTheHelpShowsParses(FilterHelp.Example example) {
        assertThatNoException().isThrownBy(() -> Filter.parse(example.expression()));
    }

    @Test
    void grammarShowsExistsAfterAField() {
        assertThat(FilterHelp.GRAMMAR).extracting(FilterHelp.Example::expression).contains("coupon exists");
    }

}

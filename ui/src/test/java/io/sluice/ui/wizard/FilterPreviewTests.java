package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.sluice.ui.wizard.FilterPreview.Outcome;
import org.junit.jupiter.api.Test;

class FilterPreviewTests {

    private static final Map<String, Object> SAMPLE = Map.of("status", "paid", "amount", 12.5,
            "customer", Map.of("id", 42));

    private static final List<String> FIELDS = List.of("status", "amount", "customer.id");

    @Test
    void tellsWhetherTheSampleIsKeptOrDropped() {
        assertThat(FilterPreview.run("status != \"test\" && amount > 0", SAMPLE, FIELDS).outcome()).isEqualTo(Outcome.KEEPS);
        assertThat(FilterPreview.run("customer.id == 7", SAMPLE, FIELDS).outcome()).isEqualTo(Outcome.DROPS);
    }

    @Test
    void givesTheSyntaxErrorWithItsPosition() {
        FilterPreview.Result result = FilterPreview.run("amount >", SAMPLE, FIELDS);

        assertThat(result.outcome()).isEqualTo(Outcome.SYNTAX_ERROR);
        assertThat(result.position()).isEqualTo(9);
        assertThat(result.message()).startsWith("Syntax error at position 9: ");
        assertThat(WizardPages.caret("amount >", 9)).isEqualTo("amount >\n        ^");
    }

    @Test
    void namesFieldsThePipelineDoesNotHave() {
        assertThat(FilterPreview.run("stauts == \"paid\"", SAMPLE, FIELDS).unknownFields()).containsExactly("stauts");
    }

    @Test
    void anEmptyFilterKeepsEverythingAndNoSampleStillChecksTheSyntax() {
        assertThat(FilterPreview.run("  ", SAMPLE, FIELDS).outcome()).isEqualTo(Outcome.NO_FILTER);
        assertThat(FilterPreview.run("amount > 0", null, FIELDS).outcome()).isEqualTo(Outcome.NO_SAMPLE);
    }
}

package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.wizard.Draft.Problem;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.MappingRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import io.sluice.ui.wizard.WizardForms.TableForm;
import io.sluice.ui.wizard.WizardForms.TopicForm;
import org.junit.jupiter.api.Test;

class StepErrorsTests {

    private static Problem problem(String path, String message) {
        return new Problem(ErrorRouting.route(path), path, message);
    }

    @Test
    void keysEachProblemOfThePageByItsInput() {
        var errors = StepErrors.of(Step.DEDUP, List.of(problem("$.sources[0].dedup.window", "must be positive, was '-5m'"),
                problem("$.sink.table", "is required")), Forms.empty());

        assertThat(errors).containsExactly(org.assertj.core.api.Assertions.entry("window", "must be positive, was '-5m'"));
    }

    @Test
    void pointsASchemaProblemAtTheRowOnThePageCountingOnlyTickedRows() {
        Forms forms = Forms.empty().with(new TopicForm("orders", "orders", "earliest", List.of(
                new SchemaRow(false, "note", ""), new SchemaRow(true, "order_id", "string"), new SchemaRow(true, "amount", ""))));

        var errors = StepErrors.of(Step.TOPIC, List.of(problem("$.sources[0].schema.fields[1].type", "is required")), forms);

        assertThat(errors).containsEntry("fields#2", "is required").containsEntry("fields", "Field \"amount\": is required");
        assertThat(StepErrors.messages(errors)).containsExactly("Field \"amount\": is required");
    }

    @Test
    void pointsAMappingProblemAtTheRowOnThePageCountingOnlyWrittenFields() {
        Forms forms = Forms.empty().with(new TableForm("orders", "100", "1s", List.of(new MappingRow("a", ""),
                new MappingRow("b", "b"), new MappingRow("c", "b")), false));

        var errors = StepErrors.of(Step.TABLE, List.of(problem("$.sink.mapping[1].column", "duplicate column \"b\"")), forms);

        assertThat(errors).containsEntry("mapping#2", "duplicate column \"b\"");
    }
}

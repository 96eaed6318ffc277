package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.wizard.Draft.Problem;
import io.sluice.ui.wizard.WizardForms.DedupForm;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import io.sluice.ui.wizard.WizardForms.MappingRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import io.sluice.ui.wizard.WizardForms.TableForm;
import io.sluice.ui.wizard.WizardForms.TopicForm;
import org.junit.jupiter.api.Test;

class StepCheckTests {

    private static final KafkaForm KAFKA = new KafkaForm("orders", "Orders", "kafka-1:9092", "PLAINTEXT", "", "", "", "",
            false);

    @Test
    void emptyFirstPageNeedsIdNameAndBrokersInPlainWords() {
        List<Problem> problems = StepCheck.of(Step.KAFKA, Forms.empty(), List.of());

        assertThat(problems).extracting((p) -> p.location().field())
                .containsExactlyInAnyOrder("pipelineId", "pipelineName", "brokers");
        assertThat(problems).extracting(Problem::message).containsExactlyInAnyOrder("Pipeline id is required.",
                "Pipeline name is required.", "Add at least one broker.");
    }

    @Test
    void idWithSpacesAndCapitalsSaysWhichCharactersItMayUse() {
        Forms forms = Forms.empty().with(new KafkaForm("UI Test!", "Orders", "kafka-1:9092", "PLAINTEXT", "", "", "", "",
                false));

        assertThat(StepCheck.of(Step.KAFKA, forms, List.of())).singleElement().satisfies((p) -> {
            assertThat(p.location().field()).isEqualTo("pipelineId");
            assertThat(p.message()).isEqualTo("Pipeline id may use only lower-case letters, digits and '-', starting"
                    + " with a letter or digit (got \"UI Test!\").");
        });
    }

    @Test
    void nameLongerThanTheApiServiceTakesIsRefusedWithItsLength() {
        Forms forms = Forms.empty().with(KAFKA.withPipelineId("orders")).with(new KafkaForm("orders", "n".repeat(201),
                "kafka-1:9092", "PLAINTEXT", "", "", "", "", false));

        assertThat(StepCheck.of(Step.KAFKA, forms, List.of())).extracting(Problem::message)
                .containsExactly("Pipeline name must be at most 200 characters, was 201.");
    }

    @Test
    void aFilledFirstPagePassesThoughLaterPagesAreEmpty() {
        assertThat(StepCheck.of(Step.KAFKA, Forms.empty().with(KAFKA), List.of())).isEmpty();
    }

    @Test
    void negativeDedupWindowWithoutKeyGivesBothProblemsOnTheDedupPageOnly() {
        Forms forms = withTopic().with(new DedupForm(true, List.of(), "-5m"));

        List<Problem> problems = StepCheck.of(Step.DEDUP, forms, List.of());

        assertThat(problems).extracting((p) -> p.location().field()).containsExactlyInAnyOrder("key", "window");
        assertThat(problems).extracting(Problem::message).contains("Dedup window must be positive, was '-5m'.");
        assertThat(problems).allSatisfy((p) -> assertThat(p.message()).doesNotContain("$"));
        assertThat(StepCheck.of(Step.TOPIC, forms, List.of())).isEmpty();
    }

    @Test
    void dedupTurnedOffHasNothingToCheck() {
        assertThat(StepCheck.of(Step.DEDUP, withTopic().with(new DedupForm(false, List.of(), "-5m")), List.of())).isEmpty();
    }

    @Test
    void negativeBatchSizeAndAnUnknownDelayAreRefusedOnTheTablePage() {
        Forms forms = withTopic().with(new TableForm("orders", "-1", "forever", List.of(new MappingRow("order_id",
                "order_id")), false));

        List<Problem> problems = StepCheck.of(Step.TABLE, forms, List.of());

        assertThat(problems).extracting((p) -> p.location().field()).containsExactlyInAnyOrder("maxBatchSize", "maxDelay");
        assertThat(problems).extracting(Problem::message).contains("Batch size must be between 1 and 1000000, was -1.");
    }

    @Test
    void aBatchSizeThatIsNoNumberStillLetsTheOtherPagesBeChecked() {
        Forms forms = Forms.empty().with(new KafkaForm("", "Orders", "kafka-1:9092", "PLAINTEXT", "", "", "", "", false))
                .with(new TableForm("orders", "many", "1s", List.of(), false));

        assertThat(StepCheck.of(Step.TABLE, forms, List.of())).extracting((p) -> p.location().field())
                .contains("maxBatchSize");
        assertThat(StepCheck.of(Step.KAFKA, forms, List.of())).extracting(Problem::message)
                .containsExactly("Pipeline id is required.");
    }

    private static Forms withTopic() {
        return Forms.empty().with(KAFKA).with(new TopicForm("orders", "orders", "earliest",
                List.of(new SchemaRow(true, "order_id", "string"))));
    }
}

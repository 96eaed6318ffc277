package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.sluice.ui.api.ApiProblem;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiResponse;
import io.sluice.ui.wizard.WizardForms.ClickHouseForm;
import io.sluice.ui.wizard.WizardForms.DedupForm;
import io.sluice.ui.wizard.WizardForms.FilterForm;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import io.sluice.ui.wizard.WizardForms.MappingRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import io.sluice.ui.wizard.WizardForms.TableForm;
import io.sluice.ui.wizard.WizardForms.TopicForm;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class WizardDeploymentTests {

    private static final String ROUTING_DETAIL = "Pipeline \"orders\" has run (it is Paused), and this edit changes"
            + " where its events go or what they are deduplicated by (see errors). To make it, create a new pipeline"
            + " under a new id with this definition and delete this one.";

    @Test
    void anEditRefusedForChangingTheRoutesOfAPipelineThatHasRunShowsWhyAndEachChangeOnTheReviewPage() {
        Draft draft = editDraft();
        ApiProblem refusal = new ApiProblem(409, "Edit would re-deliver or lose events", ROUTING_DETAIL,
                List.of(new ApiProblem.FieldError("$.sources[0].dedup", "adding dedup to source \"orders\" sends its"
                        + " events through the dedup stage")));

        WizardDeployment.Outcome outcome = refusedBy(refusal).deploy(draft);

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.step()).isEqualTo(Step.REVIEW);
        assertThat(outcome.message()).isEqualTo(ROUTING_DETAIL).doesNotContain("is running");
        assertThat(draft.problemMessage()).isEqualTo(ROUTING_DETAIL);
        assertThat(draft.problems()).singleElement().satisfies((problem) -> {
            assertThat(problem.location().step()).isEqualTo(Step.DEDUP);
            assertThat(problem.message()).startsWith("Adding dedup to source \"orders\"");
        });
    }

    @Test
    void anEditRefusedBecauseThePipelineWasStartedMeanwhileOffersPauseSaveAndResume() {
        Draft draft = editDraft();
        assertThat(draft.runningWhenLoaded()).isFalse();
        ApiProblem running = new ApiProblem(409, "Not allowed in the pipeline's state",
                "cannot edit a pipeline that is Running; pause or stop it first", List.of());

        WizardDeployment.Outcome outcome = refusedBy(running).deploy(draft);

        assertThat(outcome.step()).isEqualTo(Step.REVIEW);
        assertThat(outcome.message()).startsWith("Pipeline orders is running now (it was started after you opened it"
                + " here), and a running pipeline cannot be edited: press Pause, save and resume");
        assertThat(draft.problems()).isEmpty();
        assertThat(draft.runningWhenLoaded()).as("the review now offers Pause, save and resume").isTrue();
    }

    private static final ApiProblem CHANGED = new ApiProblem(412, "Precondition failed", "stale version", List.of());

    @Test
    void aSaveRefusedBecauseThePipelineWasStartedMeanwhileOffersPauseSaveAndResumeOnTheReview() {
        Draft draft = editDraft();
        draft.loaded(savedAs(draft), false);

        WizardDeployment.Outcome outcome = versionChanged(draft, "running", savedAs(draft), new ArrayList<>()).deploy(draft);

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.step()).isEqualTo(Step.REVIEW);
        assertThat(outcome.message()).startsWith("Pipeline orders is running now (it was started after you opened it"
                + " here)").contains("press Pause, save and resume");
        assertThat(draft.runningWhenLoaded()).as("the review now offers Pause, save and resume").isTrue();
    }

    @Test
    void aSaveRefusedBecauseThePipelineWasPausedOrStoppedMeanwhileIsSavedOverItsNewVersion() {
        Draft draft = editDraft();
        draft.loaded(savedAs(draft), false);
        List<String> etags = new ArrayList<>();

        WizardDeployment.Outcome outcome = versionChanged(draft, "stopped", savedAs(draft), etags).deploy(draft);

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).isEqualTo("Saved pipeline orders.");
        assertThat(etags).containsExactly("\"3\"", "\"4\"");
    }

    @Test
    void aSaveRefusedBecauseSomeoneEditedTheDefinitionMeanwhileOverwritesNothing() {
        Draft draft = editDraft();
        draft.loaded(savedAs(draft), false);
        List<String> etags = new ArrayList<>();

        WizardDeployment.Outcome outcome = versionChanged(draft, "paused", "{\"id\":\"orders\",\"name\":\"Edited\"}",
                etags).deploy(draft);

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.message()).startsWith("Pipeline orders changed since you opened it here");
        assertThat(etags).containsExactly("\"3\"");
        assertThat(draft.runningWhenLoaded()).isFalse();
    }

    private static String savedAs(Draft draft) {
        return DefinitionAssembler.assemble(draft.forms(), draft.columns()).toString();
    }

    /** An api whose pipeline is now at version "4" in {@code status}, defined as {@code definition}. */
    private static WizardDeployment versionChanged(Draft draft, String status, String definition, List<String> etags) {
        return new WizardDeployment(new WizardApi(null) {
            @Override
            ApiResponse save(String id, ObjectNode saved, String etag) {
                etags.add(etag);
                if (!etag.equals("\"4\"")) {
                    throw new ApiProblemException(CHANGED);
                }
                return new ApiResponse(200, saved, "\"5\"");
            }

            @Override
            ApiResponse pipeline(String id) {
                ObjectNode body = JsonMapper.builder().build().createObjectNode();
                body.put("status", status);
                body.set("definition", JsonMapper.builder().build().readTree(definition));
                return new ApiResponse(200, body, "\"4\"");
            }
        });
    }

    private static WizardDeployment refusedBy(ApiProblem problem) {
        return new WizardDeployment(new WizardApi(null) {
            @Override
            ApiResponse save(String id, ObjectNode definition, String etag) {
                throw new ApiProblemException(problem);
            }
        });
    }

    private static Draft editDraft() {
        Forms forms = new Forms(
                new KafkaForm("orders", "Orders", "k1:9092", "PLAINTEXT", "", "", "", "", false),
                new TopicForm("orders", "orders", "earliest", List.of(new SchemaRow(true, "order_id", "string"))),
                new DedupForm(true, List.of("order_id"), "1h"),
                JoinForm.empty(),
                new FilterForm(""),
                new ClickHouseForm("http://ch:8123", "default", "default", ""),
                new TableForm("orders", "5000", "2s", List.of(new MappingRow("order_id", "order_id")), false));
        return new Draft("d1", "orders", "\"3\"", forms);
    }

}

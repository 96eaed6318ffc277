package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.sluice.ui.api.ApiProblem;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiResponse;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Saving the edit of a running pipeline: pause, save with the paused version's ETag, resume. */
class PauseSaveResumeTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SAVED = "{\"id\":\"orders\",\"name\":\"Orders\"}";

    private final List<String> calls = new ArrayList<>();

    @Test
    void pausesSavesWithThePausedVersionAndResumes() {
        WizardDeployment.Outcome outcome = new WizardDeployment(api(SAVED, null, null)).pauseSaveResume(draft());

        assertThat(calls).containsExactly("pause", "save If-Match \"2\"", "resume");
        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).isEqualTo("Paused pipeline orders, saved the changes and resumed it.");
    }

    @Test
    void aRefusedPauseSavesNothingAndKeepsTheChanges() {
        Draft draft = draft();
        ApiProblem refused = new ApiProblem(409, "Conflict", "pipeline orders is stopped, not running", List.of());

        WizardDeployment.Outcome outcome = new WizardDeployment(api(SAVED, refused, null)).pauseSaveResume(draft);

        assertThat(calls).containsExactly("pause");
        assertThat(outcome.done()).isFalse();
        assertThat(outcome.step()).isEqualTo(Step.REVIEW);
        assertThat(outcome.message()).startsWith("Pipeline orders could not be paused, so nothing was saved:")
                .endsWith("Your changes are still here.");
        assertThat(draft.forms().kafka().pipelineName()).isEqualTo("Orders, edited");
    }

    @Test
    void aRefusedSaveResumesThePipelineAndSaysSo() {
        ApiProblem invalid = new ApiProblem(400, "Invalid", "1 problem",
                List.of(new ApiProblem.FieldError("$.name", "is required")));

        WizardDeployment.Outcome outcome = new WizardDeployment(api(SAVED, null, invalid)).pauseSaveResume(draft());

        assertThat(calls).containsExactly("pause", "save If-Match \"2\"", "resume");
        assertThat(outcome.done()).isFalse();
        assertThat(outcome.step()).isEqualTo(Step.KAFKA);
        assertThat(outcome.message()).endsWith("Your changes were not saved; pipeline orders runs again.");
    }

    @Test
    void aDefinitionEditedElsewhereMeanwhileIsNotOverwritten() {
        WizardDeployment.Outcome outcome = new WizardDeployment(api("{\"id\":\"orders\",\"name\":\"Renamed\"}", null, null))
                .pauseSaveResume(draft());

        assertThat(calls).containsExactly("pause", "resume");
        assertThat(outcome.done()).isFalse();
        assertThat(outcome.message()).contains("was edited by someone else");
    }

    private Draft draft() {
        Draft draft = new Draft("d1", "orders", "\"1\"", Forms.empty().with(new KafkaForm("orders", "Orders, edited",
                "kafka-1:9092", "PLAINTEXT", "", "", "", "", false)));
        draft.loaded(SAVED, true);
        return draft;
    }

    private WizardApi api(String definitionWhenPaused, ApiProblem pauseRefusal, ApiProblem saveRefusal) {
        return new WizardApi(null) {
            @Override
            ApiResponse pause(String id) {
                calls.add("pause");
                if (pauseRefusal != null) {
                    throw new ApiProblemException(pauseRefusal);
                }
                ObjectNode body = JSON.createObjectNode().put("status", "paused");
                body.set("definition", JSON.readTree(definitionWhenPaused));
                return new ApiResponse(200, body, "\"2\"");
            }

            @Override
            ApiResponse save(String id, ObjectNode definition, String etag) {
                calls.add("save If-Match " + etag);
                if (saveRefusal != null) {
                    throw new ApiProblemException(saveRefusal);
                }
                return new ApiResponse(200, definition, "\"3\"");
            }

            @Override
            ApiResponse resume(String id) {
                calls.add("resume");
                JsonNode body = JSON.createObjectNode().put("status", "running");
                return new ApiResponse(200, body, "\"4\"");
            }
        };
    }
}

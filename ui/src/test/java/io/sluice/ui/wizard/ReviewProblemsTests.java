package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.api.ApiProblem;
import io.sluice.ui.api.ApiProblem.FieldError;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiResponse;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardPages.ProblemView;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ReviewProblemsTests {

    private static final ApiProblem FIVE_PROBLEMS = new ApiProblem(400, "Invalid pipeline definition", "5 problems",
            List.of(new FieldError("$.id", "must be a slug of at most 63 lower-case letters, digits and '-', not \"UI Test!\""),
                    new FieldError("$.sources[0].topic", "is required"),
                    new FieldError("$.sources[0].dedup.window", "must be positive, was '-5m'"),
                    new FieldError("$.sink.table", "is required"),
                    new FieldError("$.sink.maxBatchSize", "must be between 1 and 1000000, was -1")));

    @Test
    void countsTheProblemsItListsWithTheIdErrorUnderStepOne() {
        Draft draft = refusedDraft();

        ReviewProblems review = ReviewProblems.of(draft);

        assertThat(review.problems()).hasSize(5);
        assertThat(review.summary()).isEqualTo("The pipeline has 5 problems. Fix each on its page:");
        assertThat(review.problems()).filteredOn((p) -> p.path().equals("$.id")).singleElement()
                .extracting(ProblemView::stepTitle).isEqualTo("1. Kafka connection");
        assertThat(review.stepsWithProblems()).contains(Step.KAFKA, Step.TOPIC, Step.DEDUP, Step.TABLE);
    }

    @Test
    void countStaysTheListsLengthAfterAPageWithProblemsIsSaved() {
        Draft draft = refusedDraft();
        draft.problemsFixedOn(Step.DEDUP);

        ReviewProblems review = ReviewProblems.of(draft);

        assertThat(review.problems()).hasSize(4);
        assertThat(review.summary()).isEqualTo("The pipeline has 4 problems. Fix each on its page:");
    }

    @Test
    void saysOneProblemInTheSingular() {
        Draft draft = refusedDraft();
        draft.problemsFixedOn(Step.TOPIC);
        draft.problemsFixedOn(Step.DEDUP);
        draft.problemsFixedOn(Step.TABLE);

        assertThat(ReviewProblems.of(draft).summary()).isEqualTo("The pipeline has a problem. Fix it on its page:");
        assertThat(ReviewProblems.of(draft).stepsWithProblems()).containsExactly(Step.KAFKA);
    }

    @Test
    void showsTheApiServicesOwnWhyWhenTheRefusalWasNotAboutFields() {
        Draft draft = new Draft("d1", null, null, Forms.empty());
        draft.problems(List.of(), "Kafka did not answer.");

        ReviewProblems review = ReviewProblems.of(draft);

        assertThat(review.summary()).isEqualTo("Kafka did not answer.");
        assertThat(review.problems()).isEmpty();
    }

    private static Draft refusedDraft() {
        Draft draft = new Draft("d1", null, null, Forms.empty());
        new WizardDeployment(new WizardApi(null) {
            @Override
            ApiResponse create(ObjectNode definition) {
                throw new ApiProblemException(FIVE_PROBLEMS);
            }
        }).deploy(draft);
        return draft;
    }

}

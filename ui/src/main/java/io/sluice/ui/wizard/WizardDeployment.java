package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.sluice.ui.api.ApiProblem;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiResponse;
import io.sluice.ui.api.StartWarnings;
import io.sluice.ui.wizard.Draft.Problem;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The review page's Deploy (create and start) and Save (edit) buttons. The api-service is the judge
 * of a definition: each problem it reports is routed to the page and input it concerns and kept
 * with the draft, and the user is sent to the first such page.
 */
@Component
class WizardDeployment {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WizardApi api;

    WizardDeployment(WizardApi api) {
        this.api = api;
    }

    /**
     * @param done      the pipeline was saved; the user goes to its page
     * @param step      where to send the user when not done
     * @param warning   done, but not all of it (created, yet the start was refused)
     */
    record Outcome(boolean done, String pipelineId, Step step, String message, boolean warning) {

        static Outcome done(String pipelineId, String message) {
            return new Outcome(true, pipelineId, null, message, false);
        }

        static Outcome stay(Step step, String message) {
            return new Outcome(false, null, step, message, false);
        }
    }

    Outcome deploy(Draft draft) {
        ObjectNode definition = DefinitionAssembler.assemble(draft.forms(), draft.columns());
        try {
            if (draft.editing()) {
                try {
                    api.save(draft.pipelineId(), definition, draft.etag());
                } catch (ApiProblemException e) {
                    if (e.problem().status() != 412) {
                        throw e;
                    }
                    return afterVersionChanged(draft, definition, e.problem());
                }
                return Outcome.done(draft.pipelineId(), "Saved pipeline " + draft.pipelineId() + ".");
            }
            String id = api.create(definition).body().path("id").asString(draft.forms().kafka().pipelineId());
            JsonNode started;
            try {
                started = api.start(id).body();
            } catch (ApiProblemException e) {
                return new Outcome(true, id, null, "Pipeline " + id + " was created but could not be started: "
                        + e.problem().message(), true);
            }
            String warnings = StartWarnings.sentence(started);
            return warnings.isEmpty() ? Outcome.done(id, "Pipeline " + id + " created and started.")
                    : new Outcome(true, id, null, "Pipeline " + id + " created and started. " + warnings, true);
        } catch (ApiProblemException e) {
            return refused(draft, e.problem());
        }
    }

    /**
     * The pipeline's version changed since the edit began. When only its state changed (someone
     * paused, resumed or stopped it) and its definition is still the one the edit began from, the
     * edit is not lost: a pipeline that runs now gets "Pause, save and resume" on the review, one that
     * does not is saved over the new version. An edited definition is never overwritten.
     */
    private Outcome afterVersionChanged(Draft draft, ObjectNode definition, ApiProblem refusal) {
        String id = draft.pipelineId();
        ApiResponse current = api.pipeline(id);
        if (!definedAsWhenLoaded(draft, current)) {
            return refused(draft, refusal);
        }
        if ("running".equals(current.body().path("status").asString(""))) {
            draft.foundRunning();
            return stay(draft, "Pipeline " + id + " is running now (it was started after you opened it here), and a"
                    + " running pipeline cannot be edited: press Pause, save and resume. Your changes stay here.");
        }
        try {
            api.save(id, definition, current.etag());
        } catch (ApiProblemException e) {
            return refused(draft, e.problem());
        }
        return Outcome.done(id, "Saved pipeline " + id + ".");
    }

    /**
     * Saves the edit of a pipeline that runs: pauses it (the api-service edits only a pipeline that
     * does not run), saves, and resumes it. The pause answers with the pipeline's new version; its
     * definition must still be the one the edit began from, or the save would undo someone's edit.
     * Whatever step fails, the user stays with the draft and is told what state the pipeline is in.
     */
    Outcome pauseSaveResume(Draft draft) {
        String id = draft.pipelineId();
        ApiResponse paused;
        try {
            paused = api.pause(id);
        } catch (ApiProblemException e) {
            String reason = WizardApi.describe(e.problem());
            return stay(draft, "Pipeline " + id + " could not be paused, so nothing was saved: " + reason
                    + (reason.endsWith(".") ? "" : ".") + " Your changes are still here.");
        }
        paused = untilPaused(id, paused);
        if (paused == null) {
            resumeQuietly(id);
            return stay(draft, "Pipeline " + id + " did not finish pausing in time, so nothing was saved; it was asked"
                    + " to resume. Your changes are still here: try again.");
        }
        if (draft.savedDefinition() != null && !definedAsWhenLoaded(draft, paused)) {
            resumeQuietly(id);
            return stay(draft, "Pipeline " + id + " was edited by someone else since you opened it here, so saving would"
                    + " undo their change. Nothing was saved and the pipeline runs again. Open it again to edit its current"
                    + " version.");
        }
        ObjectNode definition = DefinitionAssembler.assemble(draft.forms(), draft.columns());
        try {
            api.save(id, definition, paused.etag());
        } catch (ApiProblemException e) {
            String resumed = resumeQuietly(id);
            Outcome outcome = refused(draft, e.problem());
            String note = "Your changes were not saved; pipeline " + id + (resumed == null ? " runs again."
                    : " stays paused: it could not be resumed (" + resumed + ").");
            String message = outcome.message() == null ? note : outcome.message() + " " + note;
            if (draft.problemMessage() != null) {
                draft.problems(draft.problems(), message);
            }
            return new Outcome(false, null, outcome.step(), message, false);
        }
        try {
            String warnings = StartWarnings.sentence(api.resume(id).body());
            return warnings.isEmpty() ? Outcome.done(id, "Paused pipeline " + id + ", saved the changes and resumed it.")
                    : new Outcome(true, id, null, "Paused pipeline " + id + ", saved the changes and resumed it. "
                            + warnings, true);
        } catch (ApiProblemException e) {
            return new Outcome(true, id, null, "Saved the changes, but pipeline " + id + " could not be resumed and"
                    + " stays paused: " + WizardApi.describe(e.problem()), true);
        }
    }

    // A pause answers at once; should the status still say otherwise, it is asked again for up to 15 s
    // (in-flight work drains first).
    private ApiResponse untilPaused(String id, ApiResponse paused) {
        ApiResponse current = paused;
        for (int attempt = 0; attempt < 60; attempt++) {
            if ("paused".equals(current.body().path("status").asString(""))) {
                return current;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            current = api.pipeline(id);
        }
        return null;
    }

    /** Whether the pipeline's definition is still the one the edit began from (no one else edited it). */
    private static boolean definedAsWhenLoaded(Draft draft, ApiResponse pipeline) {
        return draft.savedDefinition() != null
                && pipeline.body().path("definition").equals(JSON.readTree(draft.savedDefinition()));
    }

    /** Resumes the pipeline; the reason when it could not be. */
    private String resumeQuietly(String id) {
        try {
            api.resume(id);
            return null;
        } catch (ApiProblemException e) {
            return WizardApi.describe(e.problem());
        }
    }

    private static Outcome refused(Draft draft, ApiProblem problem) {
        if (draft.editing() && problem.status() == 412) {
            return stay(draft, "Pipeline " + draft.pipelineId() + " changed since you opened it here (it was edited,"
                    + " or paused, resumed or stopped), so saving could undo that change. Open it again to edit its"
                    + " current version (your changes on these pages are not saved).");
        }
        List<Problem> problems = new ArrayList<>();
        for (ApiProblem.FieldError error : problem.errors()) {
            ErrorRouting.Location location = ErrorRouting.route(error.path());
            problems.add(new Problem(location, error.path(), ProblemWording.sentence(location, error.path(),
                    error.message())));
        }
        if (draft.editing() && problem.status() == 409 && !problems.isEmpty()) {
            // Refused for what the changes do to a pipeline that has run (they would change its events'
            // routes), not for a typo: the review page shows the api-service's why and what to do
            // instead, above the changes at fault, each linked to its page.
            draft.problems(problems, problem.message());
            return Outcome.stay(Step.REVIEW, problem.message());
        }
        if (draft.editing() && problem.status() == 409) {
            // It was started after the edit began: from now on the review offers "Pause, save and resume".
            draft.foundRunning();
            return stay(draft, "Pipeline " + draft.pipelineId() + " is running now (it was started after you opened"
                    + " it here), and a running pipeline cannot be edited: press Pause, save and resume, or stop it"
                    + " first. Your changes stay here. (" + problem.message() + ")");
        }
        if (problems.isEmpty() && !draft.editing() && problem.status() == 409) {
            problems.add(new Problem(ErrorRouting.route("$.id"), "$.id", problem.message()
                    + " Choose another id, or edit the existing pipeline."));
        }
        if (problems.isEmpty()) {
            return stay(draft, problem.message());
        }
        problems.sort(Comparator.comparing((Problem p) -> p.location().step()));
        String message = "The pipeline has " + (problems.size() == 1 ? "a problem" : problems.size() + " problems")
                + ". Each is shown next to its input; the review page lists them all.";
        // No summary kept with them: the review page counts the problems left when it is shown.
        draft.problems(problems, null);
        return Outcome.stay(problems.get(0).location().step(), message);
    }

    private static Outcome stay(Draft draft, String message) {
        draft.problems(List.of(), message);
        return Outcome.stay(Step.REVIEW, message);
    }
}

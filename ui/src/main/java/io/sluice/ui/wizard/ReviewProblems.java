package io.sluice.ui.wizard;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.sluice.ui.wizard.Draft.Problem;
import io.sluice.ui.wizard.WizardPages.ProblemView;

/**
 * The review page's banner and the step pills' marks, both made from the draft's problems as they
 * are now: saving a page drops its problems, so a count kept from the deploy would go stale.
 *
 * @param summary  the banner's sentence, or null for no banner
 * @param problems what the banner lists, each linked to the page where it is fixed
 */
record ReviewProblems(String summary, List<ProblemView> problems) {

    static ReviewProblems of(Draft draft) {
        List<ProblemView> views = draft.problems().stream().map((p) -> view(draft, p)).toList();
        // The api-service's own why (a refused edit of a pipeline that has run) stands above its list;
        // a plain list of invalid fields is counted here, from the list itself.
        String summary = draft.problemMessage();
        if (summary == null && !views.isEmpty()) {
            summary = views.size() == 1 ? "The pipeline has a problem. Fix it on its page:"
                    : "The pipeline has " + views.size() + " problems. Fix each on its page:";
        }
        return new ReviewProblems(summary, views);
    }

    /** The steps whose pill is marked as having problems. */
    Set<Step> stepsWithProblems() {
        Set<Step> steps = new LinkedHashSet<>();
        for (Step step : Step.values()) {
            if (problems.stream().anyMatch((p) -> p.stepTitle().startsWith(step.number() + ". "))) {
                steps.add(step);
            }
        }
        return steps;
    }

    private static ProblemView view(Draft draft, Problem problem) {
        Step step = problem.location().step();
        return new ProblemView(step.number() + ". " + step.title(), draft.url(step), problem.path(), problem.message());
    }
}

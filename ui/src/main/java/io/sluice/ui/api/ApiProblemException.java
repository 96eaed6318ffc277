package io.sluice.ui.api;

/** The api-service answered with an error; pages catch this to show {@link #problem()} to the user. */
public class ApiProblemException extends RuntimeException {

    private final ApiProblem problem;

    public ApiProblemException(ApiProblem problem) {
        super(problem.status() + " " + problem.message());
        this.problem = problem;
    }

    public ApiProblem problem() {
        return problem;
    }
}

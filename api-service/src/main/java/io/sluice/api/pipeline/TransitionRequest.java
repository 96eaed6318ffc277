package io.sluice.api.pipeline;

/**
 * Optional body of a lifecycle request.
 *
 * @param reason why, for the pipeline's history (at most {@value #MAX_REASON} characters)
 */
record TransitionRequest(String reason) {

    static final int MAX_REASON = 500;

}

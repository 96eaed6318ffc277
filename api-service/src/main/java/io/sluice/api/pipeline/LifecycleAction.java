package io.sluice.api.pipeline;

/** What moves a pipeline between states: a user's request or, for {@link #FAIL}, a worker's report. */
enum LifecycleAction {

    START("start", EventKind.STARTED),
    PAUSE("pause", EventKind.PAUSED),
    RESUME("resume", EventKind.RESUMED),
    STOP("stop", EventKind.STOPPED),
    FAIL("mark as failed", EventKind.FAILED);

    private final String verb;

    private final EventKind event;

    LifecycleAction(String verb, EventKind event) {
        this.verb = verb;
        this.event = event;
    }

    String verb() {
        return this.verb;
    }

    EventKind event() {
        return this.event;
    }

}

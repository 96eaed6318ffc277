package io.sluice.api.pipeline;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a pipeline, as recorded in its event history. */
enum EventKind {

    CREATED, EDITED, DELETED, STARTED, PAUSED, RESUMED, STOPPED, FAILED;

    @JsonValue
    String json() {
        return name().toLowerCase(Locale.ROOT);
    }

}

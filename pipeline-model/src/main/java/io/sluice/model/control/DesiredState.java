package io.sluice.model.control;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the workers should make of a pipeline; written by the api-service, read by every worker. */
public enum DesiredState {
    /** Consume, process and write. */
    RUNNING,
    /** Finish and acknowledge in-flight work, then consume nothing; resources stay allocated. */
    PAUSED,
    /** Like paused, and release the pipeline's consumers and connections. */
    STOPPED;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.sluice.api.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a pipeline is in its lifecycle; see {@link Lifecycle} for the moves between them. */
enum PipelineStatus {

    CREATED("Created"), RUNNING("Running"), PAUSED("Paused"), STOPPED("Stopped"), FAILED("Failed");

    private final String label;

    PipelineStatus(String label) {
        this.label = label;
    }

    /** How messages name the state: "cannot pause a pipeline that is Stopped". */
    String label() {
        return this.label;
    }

    @JsonValue
    String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state written as in JSON, in any case. */
    static Optional<PipelineStatus> fromJson(String text) {
        return Arrays.stream(values()).filter((status) -> status.name().equalsIgnoreCase(text)).findFirst();
    }

    static String allJson() {
        return Arrays.stream(values()).map(PipelineStatus::json).collect(Collectors.joining(", "));
    }

}

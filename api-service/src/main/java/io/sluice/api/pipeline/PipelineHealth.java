package io.sluice.api.pipeline;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether the workers run a pipeline where it is meant to run, beside its lifecycle status (what
 * the user asked for): {@code degraded} when some replica of a stage reports that it cannot,
 * with the problems saying why. Shown as {@code ok} / {@code degraded}.
 */
public enum PipelineHealth {
    OK, DEGRADED;

    /** The health of a pipeline with these problems (none: ok). */
    public static PipelineHealth of(List<String> problems) {
        return problems.isEmpty() ? OK : DEGRADED;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}

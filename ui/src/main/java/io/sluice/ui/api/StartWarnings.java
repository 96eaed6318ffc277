package io.sluice.ui.api;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The warnings the api-service answers a start or resume with (what weakens the pipeline's
 * guarantees on its ClickHouse table), as one sentence for the page that made the request.
 */
public final class StartWarnings {

    private StartWarnings() {
    }

    /** "Warning: …" (several joined by "; "), or empty when the answer carries none. */
    public static String sentence(JsonNode pipeline) {
        List<String> warnings = new ArrayList<>();
        if (pipeline != null) {
            pipeline.path("warnings").forEach((warning) -> warnings.add(warning.asString("")));
        }
        warnings.removeIf(String::isBlank);
        return warnings.isEmpty() ? "" : (warnings.size() == 1 ? "Warning: " : "Warnings: ") + String.join("; ", warnings);
    }
}

package io.sluice.ui.deadletters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sluice.ui.web.Formats;
import tools.jackson.databind.JsonNode;

/** The dead letters of {@code GET /pipelines/{id}/dlq} as the page prints them. Pure. */
final class DeadLetterRows {

    /** Payloads longer than this show their beginning, with the whole one a click away. */
    static final int PREVIEW_CHARS = 160;

    /**
     * @param preview  the payload's beginning (all of it when short)
     * @param payload  the whole payload: its text when it is UTF-8, else its base64
     * @param encoding {@code text} or {@code base64}: bytes that are not UTF-8 cannot be shown as text
     */
    record Row(long sequence, String time, String reason, String stage, String sourcePosition, String preview,
            String payload, boolean truncated, String encoding, String size) {
    }

    private DeadLetterRows() {
    }

    static List<Row> of(JsonNode deadLetters) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode letter : deadLetters) {
            JsonNode text = letter.path("originalText");
            boolean utf8 = text.isString();
            String payload = utf8 ? text.asString() : letter.path("originalBase64").asString("");
            String preview = Formats.truncate(payload, PREVIEW_CHARS);
            String failedAt = letter.path("failedAt").asString("");
            rows.add(new Row(letter.path("sequence").asLong(), failedAt.isEmpty() ? Formats.UNKNOWN
                    : Formats.time(Instant.parse(failedAt)), letter.path("reason").asString(""),
                    letter.path("stage").asString(Formats.UNKNOWN),
                    letter.path("sourcePosition").asString(Formats.UNKNOWN), preview, payload,
                    !preview.equals(payload), utf8 ? "text" : "base64",
                    size(letter.path("sizeBytes").asLong())));
        }
        return List.copyOf(rows);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}

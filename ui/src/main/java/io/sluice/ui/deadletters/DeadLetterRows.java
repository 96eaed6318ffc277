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
     * @param kafkaKey the Kafka record's key (its base64 when not UTF-8), or null when the dead letter does not carry it
     * @param kafkaHeaders the Kafka record's headers, "name: value" each
     * @param replays how often the event was replayed before: "" when never
     */
    record Row(long sequence, String time, String reason, String stage, String sourcePosition, String preview,
            String payload, boolean truncated, String encoding, String size, String kafkaKey, List<String> kafkaHeaders,
            String replays) {

        /** A row without Kafka key, headers or replays, as an older api-service reports it. */
        Row(long sequence, String time, String reason, String stage, String sourcePosition, String preview,
                String payload, boolean truncated, String encoding, String size) {
            this(sequence, time, reason, stage, sourcePosition, preview, payload, truncated, encoding, size, null,
                    List.of(), "");
        }
    }

    /**
     * What the dead-letters page says above its rows.
     *
     * @param total how many dead letters the pipeline holds, as a sentence
     * @param scanNote for a search that stopped before the oldest dead letter, how far it looked; else null
     * @param continueBefore where the next page (or the search's next step) goes on; null at the oldest
     */
    record Summary(String total, String scanNote, Long continueBefore) {
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
                    size(letter.path("sizeBytes").asLong()),
                    Formats.textOrBase64(letter.path("kafkaKey"), letter.path("kafkaKeyBase64"), null),
                    Formats.kafkaHeaders(letter.path("kafkaHeaders")),
                    replays(letter.path("replays").asLong(0))));
        }
        return List.copyOf(rows);
    }

    /**
     * The summary of {@code GET /pipelines/{id}/dlq/search}.
     *
     * @param shown how many dead letters the page shows
     */
    static Summary summary(JsonNode search, int shown) {
        long total = search.path("total").asLong();
        String totalText = total == 1 ? "1 dead letter held" : Formats.count(total) + " dead letters held";
        JsonNode next = search.path("continueBefore");
        Long continueBefore = next.isNumber() ? next.asLong() : null;
        String scanNote = null;
        boolean searching = search.path("query").isString();
        if (searching && continueBefore != null && shown < DeadLetterController.PAGE_SIZE) {
            // The search stopped at its bound, not because the page filled: say how far it looked.
            scanNote = "Looked at " + Formats.count(search.path("scanned").asLong()) + " dead letters, down to number "
                    + continueBefore + ", and found " + (shown == 0 ? "no match" : shown == 1 ? "1 match" : shown + " matches")
                    + " so far. Older dead letters are not searched yet.";
        }
        return new Summary(totalText, scanNote, continueBefore);
    }

    /**
     * The search words as the api client sends them: it percent-encodes the text it is given, all
     * but the characters that have a meaning in a URL's query ({@code & # +}) or in its URI
     * templates ({@code { }}); those become spaces. The API matches words, so "a&b" still finds
     * text holding "a&b" (both words are there).
     */
    static String queryWords(String query) {
        return query.replaceAll("[&#+{}]", " ").trim().replaceAll("\\s+", " ");
    }

    static String replays(long count) {
        if (count <= 0) {
            return "";
        }
        return count == 1 ? "replayed once before" : "replayed " + count + " times before";
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

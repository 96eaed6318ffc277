package io.sluice.ui.browse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sluice.ui.web.Formats;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The records of {@code GET /pipelines/{id}/sources/{source}/records} as the events browser prints them. Pure. */
final class EventRows {

    /** Values longer than this show their beginning, with the whole one a click away. */
    static final int PREVIEW_CHARS = 160;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param preview the value on one line, cut to {@link #PREVIEW_CHARS}
     * @param full the whole value: pretty-printed when it is JSON, else as it is (base64 when not UTF-8)
     * @param expandable whether {@code full} shows more than {@code preview}
     * @param note what the reader should know about the value: not UTF-8, cut by the api-service, a tombstone
     */
    record Row(int partition, long offset, String time, String key, List<String> headers, String preview, String full,
            boolean expandable, String note) {
    }

    private EventRows() {
    }

    static List<Row> of(JsonNode records) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode record : records) {
            String text = record.path("value").isString() ? record.path("value").asString() : null;
            String base64 = record.path("valueBase64").isString() ? record.path("valueBase64").asString() : null;
            long bytes = record.path("valueBytes").asLong(-1);
            String note = "";
            String whole;
            if (bytes < 0) {
                whole = "";
                note = "no value (a tombstone)";
            } else if (text == null) {
                whole = base64 == null ? "" : base64;
                note = "not UTF-8: base64";
            } else {
                whole = text;
            }
            if (record.path("valueTruncated").asBoolean(false)) {
                note = (note.isEmpty() ? "" : note + "; ") + "only its beginning is shown: the whole value is "
                        + Formats.bytes(bytes);
            }
            String oneLine = whole.replaceAll("\\s*\\R\\s*", " ");
            String preview = Formats.truncate(oneLine, PREVIEW_CHARS);
            String full = pretty(text).orElse(whole);
            String timestamp = record.path("timestamp").asString("");
            rows.add(new Row(record.path("partition").asInt(), record.path("offset").asLong(),
                    timestamp.isEmpty() ? Formats.UNKNOWN : Formats.time(Instant.parse(timestamp)),
                    Formats.textOrBase64(record.path("key"), record.path("keyBase64"), Formats.UNKNOWN),
                    Formats.kafkaHeaders(record.path("headers")), preview, full, !full.equals(preview), note));
        }
        return List.copyOf(rows);
    }

    /**
     * The time a user typed (a browser's date-time field gives {@code 2026-12-05T10:00} or with
     * seconds; a full ISO instant is taken as well), read as UTC, as the API's {@code from}.
     */
    static Optional<String> fromTime(String typed) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        String trimmed = typed.trim();
        try {
            return Optional.of(Instant.parse(trimmed).toString());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC).toString());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Type the time as 2026-12-05 10:00:00 (UTC).");
            }
        }
    }

    private static Optional<String> pretty(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(trimmed)));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}

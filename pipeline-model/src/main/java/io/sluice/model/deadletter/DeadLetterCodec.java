package io.sluice.model.deadletter;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.sluice.model.envelope.SourcePosition;

/**
 * Turns a {@link DeadLetter} into a NATS message and back. The original bytes are the body; the
 * metadata travels in headers:
 *
 * <pre>
 * Sluice-Pipeline         pipeline id
 * Sluice-Stage            ingest | dedup | join | sink
 * Sluice-Reason           why, at most {@value #MAX_REASON_LENGTH} characters
 * Sluice-Failed-At        ISO-8601 instant, e.g. 2024-05-01T12:00:00.123Z
 * Sluice-Source-Position  topic/partition/offset; absent when unknown
 * </pre>
 *
 * NATS header values are printable ASCII on one line, so every value is sanitized before it is
 * set: line breaks and other control characters become spaces (a CR/LF in a value would end the
 * header block early and corrupt the message), and characters outside ASCII are written as
 * {@code \}{@code uXXXX}. The reason is also cut to a length that keeps headers small beside the
 * body, whatever an exception message held.
 */
public final class DeadLetterCodec {

    public static final String PIPELINE_HEADER = "Sluice-Pipeline";

    public static final String STAGE_HEADER = "Sluice-Stage";

    public static final String REASON_HEADER = "Sluice-Reason";

    public static final String FAILED_AT_HEADER = "Sluice-Failed-At";

    public static final String SOURCE_POSITION_HEADER = "Sluice-Source-Position";

    /** Longest reason kept, in characters after sanitizing. */
    public static final int MAX_REASON_LENGTH = 1000;

    private static final String ELLIPSIS = "...";

    private DeadLetterCodec() {
    }

    public static DeadLetterMessage encode(DeadLetter deadLetter) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(PIPELINE_HEADER, sanitize(deadLetter.pipelineId()));
        headers.put(STAGE_HEADER, deadLetter.stage());
        headers.put(REASON_HEADER, truncate(sanitize(deadLetter.reason())));
        headers.put(FAILED_AT_HEADER, deadLetter.failedAt().toString());
        if (deadLetter.position() != null) {
            headers.put(SOURCE_POSITION_HEADER, sanitize(deadLetter.position().toString()));
        }
        return new DeadLetterMessage(headers, deadLetter.original());
    }

    /**
     * The dead letter a message holds.
     * @param headers the message's headers (the first value of each)
     * @throws MalformedDeadLetterException if a required header is missing or unreadable
     */
    public static DeadLetter decode(Map<String, String> headers, byte[] body) {
        String pipelineId = required(headers, PIPELINE_HEADER);
        String stage = required(headers, STAGE_HEADER);
        if (!DeadLetter.STAGES.contains(stage)) {
            throw new MalformedDeadLetterException(
                    "header " + STAGE_HEADER + " is one of " + DeadLetter.STAGES + ", not \"" + stage + "\"");
        }
        String reason = required(headers, REASON_HEADER);
        Instant failedAt;
        try {
            failedAt = Instant.parse(required(headers, FAILED_AT_HEADER));
        }
        catch (DateTimeParseException ex) {
            throw new MalformedDeadLetterException("header " + FAILED_AT_HEADER + " is not an ISO-8601 instant: \""
                    + headers.get(FAILED_AT_HEADER) + "\"");
        }
        SourcePosition position = null;
        String positionText = headers.get(SOURCE_POSITION_HEADER);
        if (positionText != null && !positionText.isEmpty()) {
            try {
                position = SourcePosition.parse(positionText);
            }
            catch (IllegalArgumentException ex) {
                throw new MalformedDeadLetterException("header " + SOURCE_POSITION_HEADER + ": " + ex.getMessage());
            }
        }
        return new DeadLetter(pipelineId, stage, reason, position, failedAt, (body != null) ? body : new byte[0]);
    }

    /** The text as a NATS header value: one line of printable ASCII. */
    public static String sanitize(String text) {
        StringBuilder sanitized = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f) {
                sanitized.append(' ');
            }
            else if (c > '~') {
                sanitized.append(String.format("\\u%04x", (int) c));
            }
            else {
                sanitized.append(c);
            }
        }
        return sanitized.toString();
    }

    private static String truncate(String reason) {
        if (reason.length() <= MAX_REASON_LENGTH) {
            return reason;
        }
        return reason.substring(0, MAX_REASON_LENGTH - ELLIPSIS.length()) + ELLIPSIS;
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isEmpty()) {
            throw new MalformedDeadLetterException("header " + name + " is missing");
        }
        return value;
    }

}

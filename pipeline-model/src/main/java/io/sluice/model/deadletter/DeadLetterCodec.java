package io.sluice.model.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Sluice-Kafka-Key        the Kafka record's key, base64; absent when it had none or it is unknown
 * Sluice-Kafka-Headers    the Kafka record's headers, base64(name):base64(value) joined by commas
 *                         (an empty value part for a header without value); absent when none
 * </pre>
 *
 * The Kafka headers are additions: a reader that predates them ignores them, and a dead letter
 * without them (written earlier, or by a stage that does not know the Kafka record) decodes as
 * before. Together they are kept to {@value #MAX_KAFKA_BYTES} encoded bytes, so a record with huge
 * headers still makes a dead letter that fits a NATS message: what does not fit is left out, whole
 * headers at a time, and {@code Sluice-Kafka-Omitted} says how many were.
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

    public static final String KAFKA_KEY_HEADER = "Sluice-Kafka-Key";

    public static final String KAFKA_HEADERS_HEADER = "Sluice-Kafka-Headers";

    public static final String KAFKA_OMITTED_HEADER = "Sluice-Kafka-Omitted";

    /** Most bytes the Kafka key and headers take, encoded. */
    public static final int MAX_KAFKA_BYTES = 8192;

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
        if (deadLetter.kafka() != null) {
            encodeKafka(deadLetter.kafka(), headers);
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
        return new DeadLetter(pipelineId, stage, reason, position, failedAt, (body != null) ? body : new byte[0],
                decodeKafka(headers));
    }

    /**
     * The Kafka key and headers a dead letter's headers carry, or null when none. Lenient: they
     * only describe the event, so a part that cannot be read is left out rather than making the
     * whole dead letter unreadable.
     */
    public static KafkaRecord decodeKafka(Map<String, String> headers) {
        byte[] key = base64(headers.get(KAFKA_KEY_HEADER));
        List<KafkaRecord.Header> kafkaHeaders = new ArrayList<>();
        String encoded = headers.get(KAFKA_HEADERS_HEADER);
        if (encoded != null && !encoded.isEmpty()) {
            for (String pair : encoded.split(",")) {
                int colon = pair.indexOf(':');
                byte[] name = base64((colon < 0) ? pair : pair.substring(0, colon));
                if (name == null) {
                    continue;
                }
                String valuePart = (colon < 0) ? "" : pair.substring(colon + 1);
                // An empty value part is a header without value (Kafka's null), not an empty one.
                byte[] value = valuePart.isEmpty() ? null : base64(valuePart);
                kafkaHeaders.add(new KafkaRecord.Header(new String(name, StandardCharsets.UTF_8), value));
            }
        }
        KafkaRecord kafka = new KafkaRecord(key, kafkaHeaders);
        return kafka.isEmpty() ? null : kafka;
    }

    private static void encodeKafka(KafkaRecord kafka, Map<String, String> headers) {
        Base64.Encoder base64 = Base64.getEncoder();
        int room = MAX_KAFKA_BYTES;
        int omitted = 0;
        if (kafka.key() != null) {
            String key = base64.encodeToString(kafka.key());
            if (key.length() <= room) {
                headers.put(KAFKA_KEY_HEADER, key);
                room -= key.length();
            } else {
                omitted++;
            }
        }
        StringBuilder pairs = new StringBuilder();
        for (KafkaRecord.Header header : kafka.headers()) {
            String pair = base64.encodeToString(header.name().getBytes(StandardCharsets.UTF_8)) + ":"
                    + ((header.value() == null) ? "" : base64.encodeToString(header.value()));
            int needed = pair.length() + (pairs.isEmpty() ? 0 : 1);
            if (needed > room) {
                omitted++;
                continue;
            }
            pairs.append(pairs.isEmpty() ? "" : ",").append(pair);
            room -= needed;
        }
        if (!pairs.isEmpty()) {
            headers.put(KAFKA_HEADERS_HEADER, pairs.toString());
        }
        if (omitted > 0) {
            headers.put(KAFKA_OMITTED_HEADER, Integer.toString(omitted));
        }
    }

    private static byte[] base64(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
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

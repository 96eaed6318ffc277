package io.sluice.api.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.deadletter.MalformedDeadLetterException;

/**
 * A dead letter as the API shows it.
 *
 * @param sequence its sequence in the pipeline's dead-letter stream: what {@code before} and a
 * replay's {@code sequences} refer to
 * @param sourcePosition {@code topic/partition/offset}, or null when unknown
 * @param originalBase64 the original bytes, always
 * @param originalText the original bytes as text when they are valid UTF-8, else null
 * @param sizeBytes how many original bytes
 */
record DeadLetterView(long sequence, String reason, String stage, String sourcePosition, Instant failedAt,
        String originalBase64, String originalText, int sizeBytes) {

    /**
     * The view of a stored message. One that is not a well-formed dead letter (published by
     * something other than a Sluice stage) is still shown, with whatever it has, a reason that
     * says what is wrong and the time the stream stored it, so it can be inspected and purged.
     */
    static DeadLetterView of(StoredDeadLetter stored) {
        byte[] body = stored.message().body();
        String base64 = Base64.getEncoder().encodeToString(body);
        String text = utf8(body);
        try {
            DeadLetter deadLetter = DeadLetterCodec.decode(stored.message().headers(), body);
            return new DeadLetterView(stored.sequence(), deadLetter.reason(), deadLetter.stage(),
                    (deadLetter.position() != null) ? deadLetter.position().toString() : null, deadLetter.failedAt(),
                    base64, text, body.length);
        }
        catch (MalformedDeadLetterException ex) {
            Map<String, String> headers = stored.message().headers();
            return new DeadLetterView(stored.sequence(), "not a readable dead letter (" + ex.getMessage() + ")"
                    + (headers.containsKey(DeadLetterCodec.REASON_HEADER) ? ": " + headers.get(DeadLetterCodec.REASON_HEADER) : ""),
                    headers.get(DeadLetterCodec.STAGE_HEADER), headers.get(DeadLetterCodec.SOURCE_POSITION_HEADER), stored.storedAt(),
                    base64, text, body.length);
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (CharacterCodingException ex) {
            return null;
        }
    }

}

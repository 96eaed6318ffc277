package io.sluice.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A Kafka record's bytes (key, value, header value) as a person is shown them: Kafka keeps bytes,
 * so they are text only when they are valid UTF-8; otherwise a page shows them as base64.
 */
public final class RecordBytes {

    private RecordBytes() {
    }

    /** The bytes as text when they are valid UTF-8 (a value cut inside a character is not); else null. */
    public static String utf8OrNull(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The bytes as base64, as every page can show them; null for none (a record without a key). */
    public static String base64OrNull(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}

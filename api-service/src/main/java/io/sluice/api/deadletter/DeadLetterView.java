package io.sluice.api.deadletter;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.sluice.kafka.RecordBytes;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.deadletter.KafkaRecord;
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
 * @param kafkaKey the Kafka record's key as text when it is valid UTF-8, else null
 * @param kafkaKeyBase64 the Kafka record's key, null when it had none or it is not known (only the
 * ingest stage knows it)
 * @param kafkaHeaders the Kafka record's headers in order; empty when it had none or they are not known
 * @param replays how many times this event was replayed before (see {@link ReplayCounts})
 */
record DeadLetterView(long sequence, String reason, String stage, String sourcePosition, Instant failedAt,
        String originalBase64, String originalText, int sizeBytes, String kafkaKey, String kafkaKeyBase64,
        List<KafkaHeader> kafkaHeaders, long replays) {

    /**
     * @param value the value as text when it is valid UTF-8, else null
     * @param valueBase64 the value, null when the header has none
     */
    record KafkaHeader(String name, String value, String valueBase64) {
    }

    /** The same dead letter, with how often its event was replayed. */
    DeadLetterView withReplays(long count) {
        return new DeadLetterView(sequence, reason, stage, sourcePosition, failedAt, originalBase64, originalText,
                sizeBytes, kafkaKey, kafkaKeyBase64, kafkaHeaders, count);
    }

    /**
     * The view of a stored message. One that is not a well-formed dead letter (published by
     * something other than a Sluice stage) is still shown, with whatever it has, a reason that
     * says what is wrong and the time the stream stored it, so it can be inspected and purged.
     */
    static DeadLetterView of(StoredDeadLetter stored) {
        byte[] body = stored.message().body();
        String base64 = Base64.getEncoder().encodeToString(body);
        String text = RecordBytes.utf8OrNull(body);
        KafkaRecord kafka = DeadLetterCodec.decodeKafka(stored.message().headers());
        byte[] key = (kafka != null) ? kafka.key() : null;
        List<KafkaHeader> kafkaHeaders = (kafka == null) ? List.of() : kafka.headers().stream()
                .map((header) -> new KafkaHeader(header.name(), RecordBytes.utf8OrNull(header.value()),
                        RecordBytes.base64OrNull(header.value())))
                .toList();
        String keyText = RecordBytes.utf8OrNull(key);
        String keyBase64 = RecordBytes.base64OrNull(key);
        try {
            DeadLetter deadLetter = DeadLetterCodec.decode(stored.message().headers(), body);
            return new DeadLetterView(stored.sequence(), deadLetter.reason(), deadLetter.stage(),
                    (deadLetter.position() != null) ? deadLetter.position().toString() : null, deadLetter.failedAt(),
                    base64, text, body.length, keyText, keyBase64, kafkaHeaders, 0);
        }
        catch (MalformedDeadLetterException ex) {
            Map<String, String> natsHeaders = stored.message().headers();
            return new DeadLetterView(stored.sequence(), "not a readable dead letter (" + ex.getMessage() + ")"
                    + (natsHeaders.containsKey(DeadLetterCodec.REASON_HEADER) ? ": " + natsHeaders.get(DeadLetterCodec.REASON_HEADER) : ""),
                    natsHeaders.get(DeadLetterCodec.STAGE_HEADER), natsHeaders.get(DeadLetterCodec.SOURCE_POSITION_HEADER),
                    stored.storedAt(), base64, text, body.length, keyText, keyBase64, kafkaHeaders, 0);
        }
    }
}

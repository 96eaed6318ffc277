package io.sluice.model.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.sluice.model.envelope.SourcePosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeadLetterCodecTests {

    private static final Instant FAILED_AT = Instant.parse("2024-05-01T12:00:00.123Z");

    @Test
    void carriesTheOriginalBytesAsTheBodyAndTheMetadataAsHeaders() {
        byte[] original = "{\"id\":1,".getBytes(StandardCharsets.UTF_8);
        DeadLetter deadLetter = new DeadLetter("orders", DeadLetter.INGEST, "unexpected end of JSON",
                new SourcePosition("shop.orders", 3, 1200), FAILED_AT, original);

        DeadLetterMessage message = DeadLetterCodec.encode(deadLetter);

        assertThat(message.body()).isEqualTo(original);
        assertThat(message.headers()).containsEntry("Sluice-Pipeline", "orders")
            .containsEntry("Sluice-Stage", "ingest")
            .containsEntry("Sluice-Reason", "unexpected end of JSON")
            .containsEntry("Sluice-Failed-At", "2024-05-01T12:00:00.123Z")
            .containsEntry("Sluice-Source-Position", "shop.orders/3/1200");
    }

    @Test
    void decodesWhatItEncodes() {
        DeadLetter deadLetter = new DeadLetter("orders", DeadLetter.SINK, "value 'abc' does not fit column amount UInt32",
                new SourcePosition("orders", 0, 7), FAILED_AT, new byte[] { (byte) 0xff, 0, 1 });

        DeadLetterMessage message = DeadLetterCodec.encode(deadLetter);

        assertThat(DeadLetterCodec.decode(message.headers(), message.body())).isEqualTo(deadLetter);
    }

    @Test
    void carriesTheKafkaKeyAndHeadersAndDecodesThem() {
        KafkaRecord kafka = new KafkaRecord("order-17".getBytes(StandardCharsets.UTF_8), java.util.List.of(
                new KafkaRecord.Header("trace-id", "abc".getBytes(StandardCharsets.UTF_8)),
                new KafkaRecord.Header("trace-id", new byte[] { (byte) 0xff }),
                new KafkaRecord.Header("no-value, really:", null)));
        DeadLetter deadLetter = new DeadLetter("orders", DeadLetter.INGEST, "not JSON", new SourcePosition("orders", 0, 7),
                FAILED_AT, new byte[] { 1 }, kafka);

        DeadLetterMessage message = DeadLetterCodec.encode(deadLetter);

        assertThat(message.headers()).containsEntry("Sluice-Kafka-Key", "b3JkZXItMTc=").doesNotContainKey("Sluice-Kafka-Omitted");
        assertThat(DeadLetterCodec.decode(message.headers(), message.body())).isEqualTo(deadLetter);
    }

    @Test
    void deadLetterWrittenWithoutKafkaHeadersDecodesWithoutThem() {
        Map<String, String> headers = new HashMap<>(Map.of("Sluice-Pipeline", "p", "Sluice-Stage", "ingest",
                "Sluice-Reason", "bad", "Sluice-Failed-At", "2024-05-01T12:00:00.123Z"));

        assertThat(DeadLetterCodec.decode(headers, new byte[0]).kafka()).isNull();

        headers.put("Sluice-Kafka-Headers", "not base64!,@@:##");
        headers.put("Sluice-Kafka-Key", "%%%");
        assertThat(DeadLetterCodec.decode(headers, new byte[0]).kafka()).as("metadata never makes a dead letter unreadable").isNull();
    }

    @Test
    void kafkaHeadersTooLargeForAMessageAreLeftOutWholeAndCounted() {
        byte[] big = new byte[DeadLetterCodec.MAX_KAFKA_BYTES];
        KafkaRecord kafka = new KafkaRecord(new byte[] { 'k' }, java.util.List.of(new KafkaRecord.Header("small", new byte[] { 's' }),
                new KafkaRecord.Header("huge", big)));

        DeadLetterMessage message = DeadLetterCodec.encode(new DeadLetter("p", DeadLetter.INGEST, "bad", null, FAILED_AT,
                new byte[0], kafka));

        assertThat(message.headers()).containsEntry("Sluice-Kafka-Omitted", "1");
        KafkaRecord decoded = DeadLetterCodec.decode(message.headers(), message.body()).kafka();
        assertThat(decoded.headers()).extracting(KafkaRecord.Header::name).containsExactly("small");
        assertThat(decoded.key()).containsExactly('k');
    }

    @Test
    void leavesOutTheSourcePositionWhenUnknown() {
        DeadLetter joined = new DeadLetter("p", DeadLetter.JOIN, "no key", null, FAILED_AT, new byte[0]);

        DeadLetterMessage message = DeadLetterCodec.encode(joined);

        assertThat(message.headers()).doesNotContainKey("Sluice-Source-Position");
        assertThat(DeadLetterCodec.decode(message.headers(), message.body()).position()).isNull();
    }

    @Test
    void keepsEveryHeaderOnOneLineOfPrintableAscii() {
        DeadLetter deadLetter = new DeadLetter("p", DeadLetter.INGEST, "bad\r\nSluice-Stage: sink\ttab \u0000 café \u00e9",
                null, FAILED_AT, new byte[0]);

        String reason = DeadLetterCodec.encode(deadLetter).headers().get("Sluice-Reason");

        assertThat(reason).isEqualTo("bad  Sluice-Stage: sink tab   caf\\u00e9 \\u00e9");
        assertThat(reason.chars()).allMatch((c) -> c >= ' ' && c <= '~');
    }

    @Test
    void truncatesALongReason() {
        String longReason = "x".repeat(100_000);
        DeadLetter deadLetter = new DeadLetter("p", DeadLetter.DEDUP, longReason, null, FAILED_AT, new byte[0]);

        String reason = DeadLetterCodec.encode(deadLetter).headers().get("Sluice-Reason");

        assertThat(reason).hasSize(DeadLetterCodec.MAX_REASON_LENGTH).endsWith("...");
    }

    @Test
    void keepsALargeOriginalAsIsWithoutInflatingIt() {
        byte[] original = new byte[5 * 1024 * 1024];
        original[original.length - 1] = 42;

        DeadLetterMessage message = DeadLetterCodec.encode(
                new DeadLetter("p", DeadLetter.INGEST, "too big", null, FAILED_AT, original));

        assertThat(message.body()).hasSize(original.length).isEqualTo(original);
    }

    @Test
    void rejectsAMessageWithoutItsRequiredHeaders() {
        Map<String, String> headers = new HashMap<>(DeadLetterCodec
            .encode(new DeadLetter("p", DeadLetter.INGEST, "r", null, FAILED_AT, new byte[0]))
            .headers());
        headers.remove("Sluice-Reason");

        assertThatExceptionOfType(MalformedDeadLetterException.class)
            .isThrownBy(() -> DeadLetterCodec.decode(headers, new byte[0]))
            .withMessage("header Sluice-Reason is missing");
    }

    @Test
    void rejectsUnreadableHeaderValues() {
        Map<String, String> headers = new HashMap<>(Map.of("Sluice-Pipeline", "p", "Sluice-Stage", "ingest",
                "Sluice-Reason", "r", "Sluice-Failed-At", "yesterday"));

        assertThatExceptionOfType(MalformedDeadLetterException.class)
            .isThrownBy(() -> DeadLetterCodec.decode(headers, new byte[0]))
            .withMessageContaining("Sluice-Failed-At");

        headers.put("Sluice-Failed-At", FAILED_AT.toString());
        headers.put("Sluice-Source-Position", "orders");
        assertThatExceptionOfType(MalformedDeadLetterException.class)
            .isThrownBy(() -> DeadLetterCodec.decode(headers, new byte[0]))
            .withMessageContaining("Sluice-Source-Position");

        headers.remove("Sluice-Source-Position");
        headers.put("Sluice-Stage", "parse");
        assertThatExceptionOfType(MalformedDeadLetterException.class)
            .isThrownBy(() -> DeadLetterCodec.decode(headers, new byte[0]))
            .withMessageContaining("Sluice-Stage");
    }

    @Test
    void deadLetterNamesOneOfThePipelineStages() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new DeadLetter("p", "parse", "r", null, FAILED_AT, new byte[0]))
            .withMessageContaining("stage");
    }

    @Test
    void deadLetterNeverPrintsTheOriginalBytes() {
        DeadLetter deadLetter = new DeadLetter("p", DeadLetter.INGEST, "r", null, FAILED_AT,
                "{\"card\":\"4111111111111111\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(deadLetter.toString()).doesNotContain("4111").contains("27 bytes");
    }

}

package io.sluice.api.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.deadletter.DeadLetterMessage;
import io.sluice.model.deadletter.KafkaRecord;
import io.sluice.model.envelope.SourcePosition;
import org.junit.jupiter.api.Test;

class DeadLetterViewTests {

    private static final Instant FAILED_AT = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void showsTextOriginalsAsTextAndBase64() {
        byte[] original = "{\"id\": \"é\"".getBytes(StandardCharsets.UTF_8);
        DeadLetterMessage message = DeadLetterCodec.encode(new DeadLetter("p", DeadLetter.INGEST, "unexpected end",
                new SourcePosition("orders", 2, 40), FAILED_AT, original));

        DeadLetterView view = DeadLetterView.of(new StoredDeadLetter(7, FAILED_AT.plusSeconds(1), message));

        assertThat(view).isEqualTo(new DeadLetterView(7, "unexpected end", "ingest", "orders/2/40", FAILED_AT,
                Base64.getEncoder().encodeToString(original), "{\"id\": \"é\"", original.length, null, null, List.of(), 0));
    }

    @Test
    void binaryOriginalsHaveNoText() {
        byte[] original = { (byte) 0xc3, (byte) 0x28, 0, (byte) 0xff };
        DeadLetterMessage message = DeadLetterCodec.encode(new DeadLetter("p", DeadLetter.INGEST, "not JSON", null,
                FAILED_AT, original));

        DeadLetterView view = DeadLetterView.of(new StoredDeadLetter(1, FAILED_AT, message));

        assertThat(view.originalText()).isNull();
        assertThat(Base64.getDecoder().decode(view.originalBase64())).isEqualTo(original);
        assertThat(view.sizeBytes()).isEqualTo(4);
        assertThat(view.sourcePosition()).isNull();
    }

    @Test
    void aMessageThatIsNoDeadLetterIsStillShownWithWhatIsWrong() {
        DeadLetterMessage message = new DeadLetterMessage(Map.of("Sluice-Stage", "sink"), "x".getBytes(StandardCharsets.UTF_8));
        Instant storedAt = Instant.parse("2024-06-01T00:00:00Z");

        DeadLetterView view = DeadLetterView.of(new StoredDeadLetter(3, storedAt, message));

        assertThat(view.reason()).startsWith("not a readable dead letter (header Sluice-Pipeline is missing)");
        assertThat(view.stage()).isEqualTo("sink");
        assertThat(view.failedAt()).isEqualTo(storedAt);
        assertThat(view.originalText()).isEqualTo("x");
    }

    @Test
    void showsTheKafkaKeyAndHeadersTheDeadLetterCarries() {
        KafkaRecord kafka = new KafkaRecord("order-9".getBytes(StandardCharsets.UTF_8), List.of(
                new KafkaRecord.Header("trace", "t-1".getBytes(StandardCharsets.UTF_8)),
                new KafkaRecord.Header("raw", new byte[] { (byte) 0xff }), new KafkaRecord.Header("empty", null)));
        DeadLetterMessage message = DeadLetterCodec.encode(new DeadLetter("p", DeadLetter.INGEST, "not JSON",
                new SourcePosition("orders", 0, 9), FAILED_AT, new byte[] { 'x' }, kafka));

        DeadLetterView view = DeadLetterView.of(new StoredDeadLetter(2, FAILED_AT, message));

        assertThat(view.kafkaKey()).isEqualTo("order-9");
        assertThat(view.kafkaKeyBase64()).isEqualTo(Base64.getEncoder().encodeToString("order-9".getBytes(StandardCharsets.UTF_8)));
        assertThat(view.kafkaHeaders()).containsExactly(
                new DeadLetterView.KafkaHeader("trace", "t-1", Base64.getEncoder().encodeToString("t-1".getBytes(StandardCharsets.UTF_8))),
                new DeadLetterView.KafkaHeader("raw", null, "/w=="), new DeadLetterView.KafkaHeader("empty", null, null));
    }

    @Test
    void aDeadLetterOfALaterStageHasNoKafkaKeyOrHeaders() {
        DeadLetterMessage message = DeadLetterCodec.encode(new DeadLetter("p", DeadLetter.SINK, "no column",
                new SourcePosition("orders", 0, 9), FAILED_AT, new byte[] { 'x' }));

        DeadLetterView view = DeadLetterView.of(new StoredDeadLetter(2, FAILED_AT, message));

        assertThat(view.kafkaKey()).isNull();
        assertThat(view.kafkaKeyBase64()).isNull();
        assertThat(view.kafkaHeaders()).isEmpty();
        assertThat(view.withReplays(3).replays()).isEqualTo(3);
    }
}

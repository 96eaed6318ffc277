package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.sluice.ingest.kafka.PartitionChunker.Chunk;
import io.sluice.ingest.kafka.PartitionChunker.OutgoingBatch;
import io.sluice.ingest.parse.RecordParser;
import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.FieldType;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.envelope.SourcePosition;
import io.sluice.model.key.KeyEncoding;
import org.junit.jupiter.api.Test;

class PartitionChunkerTests {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final RecordParser parser = RecordParser.of(List.of(new FieldDefinition("id", FieldType.INT)), List.of("id"));

    @Test
    void cutsBatchesAtTheRecordLimit() {
        Chunk chunk = chunker(3, 64 * 1024).chunk("orders", 2, records(100, 7));

        assertThat(chunk.batches()).extracting(batch -> batch.batch().records().size()).containsExactly(3, 3, 1);
        assertThat(chunk.batches()).extracting(batch -> batch.batch().firstOffset()).containsExactly(100L, 103L, 106L);
        assertThat(chunk.nextOffset()).isEqualTo(107);
        assertThat(chunk.records()).isEqualTo(7);
        assertThat(chunk.deadLetters()).isEmpty();
    }

    @Test
    void cutsBatchesSoThatEveryEnvelopeStaysWithinTheByteLimit() {
        int maxBytes = 4096;
        Chunk chunk = chunker(1000, maxBytes).chunk("orders", 0, records(0, 200));

        assertThat(chunk.batches()).hasSizeGreaterThan(1);
        for (OutgoingBatch batch : chunk.batches()) {
            assertThat(batch.envelope().length).isLessThanOrEqualTo(maxBytes);
            assertThat(BatchCodec.decode(batch.envelope())).isEqualTo(batch.batch());
        }
        assertThat(chunk.batches().stream().mapToInt(batch -> batch.batch().records().size()).sum()).isEqualTo(200);
    }

    @Test
    void keepsEachRecordsJsonKeyOffsetAndTimestamp() {
        Chunk chunk = chunker(1000, 64 * 1024).chunk("orders", 1, List.of(record(5, "{\"id\":5,\"x\":\"y\"}")));

        BatchRecord only = chunk.batches().get(0).batch().records().get(0);
        assertThat(only.offset()).isEqualTo(5);
        assertThat(only.kafkaTimestampMillis()).isEqualTo(1_700_000_000_005L);
        assertThat(new String(only.json(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":5,\"x\":\"y\"}");
        assertThat(KeyEncoding.decode(only.key())).containsExactly("5");
    }

    @Test
    void sendsBadRecordsToTheDeadLettersAndBatchesTheRest() {
        List<SourceRecord> records = new ArrayList<>(records(0, 3));
        records.add(record(3, "not json"));
        records.add(record(4, "{\"id\":\"four\"}"));
        records.add(record(5, "{\"other\":1}"));
        records.addAll(records(6, 2));

        Chunk chunk = chunker(1000, 64 * 1024).chunk("orders", 0, records);

        assertThat(chunk.batches()).hasSize(1);
        assertThat(chunk.batches().get(0).batch().records()).extracting(BatchRecord::offset)
                .containsExactly(0L, 1L, 2L, 6L, 7L);
        assertThat(chunk.deadLetters()).extracting(deadLetter -> deadLetter.deadLetter().reason())
                .containsExactly("not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at byte 0",
                        "field id is string, schema says int", "missing key field id");
        var first = chunk.deadLetters().get(0).deadLetter();
        assertThat(first.position()).isEqualTo(new SourcePosition("orders", 0, 3));
        assertThat(first.pipelineId()).isEqualTo("shop");
        assertThat(first.stage()).isEqualTo("ingest");
        assertThat(first.failedAt()).isEqualTo(NOW);
        assertThat(new String(first.original(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(chunk.nextOffset()).isEqualTo(8);
    }

    @Test
    void deadLetterOfABadRecordCarriesItsKafkaKeyAndHeaders() {
        io.sluice.model.deadletter.KafkaRecord kafka = new io.sluice.model.deadletter.KafkaRecord(
                "k-3".getBytes(StandardCharsets.UTF_8),
                List.of(new io.sluice.model.deadletter.KafkaRecord.Header("source", "web".getBytes(StandardCharsets.UTF_8))));

        Chunk chunk = chunker(1000, 64 * 1024).chunk("orders", 0,
                List.of(new SourceRecord(3, 0, "not json".getBytes(StandardCharsets.UTF_8), kafka)));

        assertThat(chunk.deadLetters()).singleElement()
                .satisfies(deadLetter -> assertThat(deadLetter.deadLetter().kafka()).isEqualTo(kafka));
    }

    @Test
    void sendsARecordTooLargeForAnyBatchToTheDeadLettersCutToTheByteLimit() {
        byte[] huge = new byte[5 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        List<SourceRecord> records = List.of(record(0, "{\"id\":0}"),
                new SourceRecord(1, -1, huge), record(2, "{\"id\":2}"));

        Chunk chunk = chunker(1000, 512 * 1024).chunk("orders", 0, records);

        assertThat(chunk.batches().get(0).batch().records()).extracting(BatchRecord::offset).containsExactly(0L, 2L);
        var deadLetter = chunk.deadLetters().get(0).deadLetter();
        assertThat(deadLetter.reason()).isEqualTo("event of 5242880 bytes exceeds the maximum of " + (512 * 1024 - 57)
                + " bytes; the dead letter holds its first 524288 bytes");
        assertThat(deadLetter.original()).hasSize(512 * 1024);
        assertThat(deadLetter.position()).isEqualTo(new SourcePosition("orders", 0, 1));
    }

    @Test
    void acceptsARecordThatExactlyFillsABatch() {
        int maxBytes = 2048;
        int room = maxBytes - PartitionChunker.BATCH_OVERHEAD - "orders".length() - PartitionChunker.RECORD_OVERHEAD;
        String padding = "x".repeat(room - "{\"id\":1,\"p\":\"\"}".length() - 8);
        Chunk chunk = chunker(1000, maxBytes).chunk("orders", 0, List.of(record(1, "{\"id\":1,\"p\":\"" + padding + "\"}")));

        assertThat(chunk.deadLetters()).isEmpty();
        assertThat(chunk.batches().get(0).envelope().length).isLessThanOrEqualTo(maxBytes);
    }

    @Test
    void makesNoBatchWhenEveryRecordIsBad() {
        Chunk chunk = chunker(1000, 64 * 1024).chunk("orders", 0, List.of(record(9, "[]")));

        assertThat(chunk.batches()).isEmpty();
        assertThat(chunk.deadLetters()).hasSize(1);
        assertThat(chunk.nextOffset()).isEqualTo(10);
    }

    private PartitionChunker chunker(int maxRecords, int maxBytes) {
        return new PartitionChunker("shop", parser, maxRecords, maxBytes, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<SourceRecord> records(long firstOffset, int count) {
        List<SourceRecord> records = new ArrayList<>();
        for (long offset = firstOffset; offset < firstOffset + count; offset++) {
            records.add(record(offset, "{\"id\":" + offset + ",\"payload\":\"" + "p".repeat(50) + "\"}"));
        }
        return records;
    }

    private static SourceRecord record(long offset, String json) {
        return new SourceRecord(offset, 1_700_000_000_000L + offset, json.getBytes(StandardCharsets.UTF_8));
    }
}

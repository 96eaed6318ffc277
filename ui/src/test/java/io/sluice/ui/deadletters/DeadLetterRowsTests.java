package io.sluice.ui.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DeadLetterRowsTests {

    @Test
    void shortTextPayloadIsShownWhole() {
        List<DeadLetterRows.Row> rows = rows("""
                [{"sequence":17,"reason":"not JSON","stage":"ingest","sourcePosition":"orders/0/42",
                  "failedAt":"2026-03-01T12:00:00Z","originalBase64":"e25vdA==","originalText":"{not","sizeBytes":4}]
                """);

        assertThat(rows.get(0)).isEqualTo(new DeadLetterRows.Row(17, "2026-03-01 12:00:00 UTC", "not JSON", "ingest",
                "orders/0/42", "{not", "{not", false, "text", "4 B"));
    }

    @Test
    void longPayloadShowsItsBeginningAndKeepsTheWholeOne() {
        String payload = "{\"note\":\"" + "x".repeat(500) + "\"}";
        DeadLetterRows.Row row = rows("[{\"sequence\":1,\"reason\":\"r\",\"originalText\":\"" + payload.replace("\"", "\\\"")
                + "\",\"sizeBytes\":" + payload.length() + "}]").get(0);

        assertThat(row.truncated()).isTrue();
        assertThat(row.preview()).hasSize(DeadLetterRows.PREVIEW_CHARS + 1).endsWith("…");
        assertThat(row.payload()).isEqualTo(payload);
        assertThat(row.size()).isEqualTo(payload.length() + " B");
    }

    @Test
    void payloadThatIsNotUtf8IsShownAsBase64AndSaysSo() {
        DeadLetterRows.Row row = rows("""
                [{"sequence":2,"reason":"invalid UTF-8","stage":"ingest","sourcePosition":null,"failedAt":null,
                  "originalBase64":"eyJvIjrDKH0=","originalText":null,"sizeBytes":8}]
                """).get(0);

        assertThat(row.payload()).isEqualTo("eyJvIjrDKH0=");
        assertThat(row.encoding()).isEqualTo("base64");
        assertThat(row.sourcePosition()).isEqualTo("–");
        assertThat(row.time()).isEqualTo("–");
    }

    @Test
    void sizesUseBinaryUnits() {
        assertThat(DeadLetterRows.size(1023)).isEqualTo("1023 B");
        assertThat(DeadLetterRows.size(5 * 1024 * 1024 + 100)).isEqualTo("5.0 MiB");
        assertThat(DeadLetterRows.size(1536)).isEqualTo("1.5 KiB");
    }

    @Test
    void showsTheKafkaKeyHeadersAndHowOftenTheEventWasReplayed() {
        DeadLetterRows.Row row = rows("""
                [{"sequence":3,"reason":"r","originalText":"x","sizeBytes":1,"kafkaKey":"order-1","kafkaKeyBase64":"b3JkZXItMQ==",
                  "kafkaHeaders":[{"name":"trace","value":"t-1","valueBase64":"dC0x"},{"name":"raw","value":null,"valueBase64":"/w=="},
                                  {"name":"empty","value":null,"valueBase64":null}],"replays":2}]
                """).get(0);

        assertThat(row.kafkaKey()).isEqualTo("order-1");
        assertThat(row.kafkaHeaders()).containsExactly("trace: t-1", "raw: /w== (base64)", "empty: (no value)");
        assertThat(row.replays()).isEqualTo("replayed 2 times before");
    }

    @Test
    void aDeadLetterFromAnOlderApiHasNoKeyHeadersOrReplays() {
        DeadLetterRows.Row row = rows("[{\"sequence\":3,\"reason\":\"r\",\"originalText\":\"x\",\"sizeBytes\":1}]").get(0);

        assertThat(row.kafkaKey()).isNull();
        assertThat(row.kafkaHeaders()).isEmpty();
        assertThat(row.replays()).isEmpty();
        assertThat(DeadLetterRows.replays(1)).isEqualTo("replayed once before");
    }

    @Test
    void summarySaysHowManyAreHeldAndHowFarAStoppedSearchLooked() {
        JsonNode stopped = JsonMapper.shared().readTree("""
                {"total":12345,"query":"amount","scanned":2000,"continueBefore":10345,"deadLetters":[]}""");
        JsonNode full = JsonMapper.shared().readTree("""
                {"total":1,"query":null,"scanned":1,"continueBefore":null,"deadLetters":[]}""");

        DeadLetterRows.Summary summary = DeadLetterRows.summary(stopped, 0);
        assertThat(summary.total()).isEqualTo("12,345 dead letters held");
        assertThat(summary.scanNote()).isEqualTo("Looked at 2,000 dead letters, down to number 10345, and found no match"
                + " so far. Older dead letters are not searched yet.");
        assertThat(summary.continueBefore()).isEqualTo(10345L);
        assertThat(DeadLetterRows.summary(full, 1)).isEqualTo(new DeadLetterRows.Summary("1 dead letter held", null, null));
    }

    @Test
    void searchWordsKeepTheirTextButNotCharactersThatWouldBreakTheUrl() {
        assertThat(DeadLetterRows.queryWords("amount Float64")).isEqualTo("amount Float64");
        assertThat(DeadLetterRows.queryWords("a&b=c #x {y} 1+1 100%")).isEqualTo("a b=c x y 1 1 100%");
    }

    private static List<DeadLetterRows.Row> rows(String json) {
        return DeadLetterRows.of(JsonMapper.shared().readTree(json));
    }
}

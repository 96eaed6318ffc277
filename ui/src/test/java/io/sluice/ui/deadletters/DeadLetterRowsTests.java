package io.sluice.ui.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
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

    private static List<DeadLetterRows.Row> rows(String json) {
        return DeadLetterRows.of(JsonMapper.shared().readTree(json));
    }
}

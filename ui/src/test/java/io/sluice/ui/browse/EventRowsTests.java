package io.sluice.ui.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventRowsTests {

    @Test
    void showsPartitionOffsetTimeKeyHeadersAndTheJsonValuePretty() {
        EventRows.Row row = rows("""
                [{"partition":1,"offset":4,"timestamp":"2026-12-05T10:00:09Z","key":"key-9","keyBase64":"a2V5LTk=",
                  "value":"{\\"order_id\\":\\"o-9\\",\\"amount\\":9}","valueBase64":"","valueBytes":30,"valueTruncated":false,
                  "headers":[{"name":"trace-id","value":"t-9","valueBase64":"dC05"}]}]
                """).get(0);

        assertThat(row.partition()).isEqualTo(1);
        assertThat(row.offset()).isEqualTo(4);
        assertThat(row.time()).isEqualTo("2026-12-05 10:00:09 UTC");
        assertThat(row.key()).isEqualTo("key-9");
        assertThat(row.headers()).containsExactly("trace-id: t-9");
        assertThat(row.preview()).isEqualTo("{\"order_id\":\"o-9\",\"amount\":9}");
        assertThat(row.full()).contains("\n").contains("\"order_id\" : \"o-9\"");
        assertThat(row.expandable()).isTrue();
        assertThat(row.note()).isEmpty();
    }

    @Test
    void longValuesShowTheirBeginningOnOneLine() {
        String value = "plain text " + "x".repeat(300);
        EventRows.Row row = rows("[{\"partition\":0,\"offset\":1,\"value\":\"" + value + "\",\"valueBytes\":311}]").get(0);

        assertThat(row.preview()).hasSize(EventRows.PREVIEW_CHARS + 1).endsWith("…");
        assertThat(row.full()).isEqualTo(value);
        assertThat(row.time()).isEqualTo("–");
        assertThat(row.key()).isEqualTo("–");
    }

    @Test
    void bytesThatAreNotTextTombstonesAndCutValuesSaySo() {
        List<EventRows.Row> rows = rows("""
                [{"partition":0,"offset":1,"value":null,"valueBase64":"/w==","valueBytes":1,"keyBase64":"/w=="},
                 {"partition":0,"offset":2,"value":null,"valueBase64":null,"valueBytes":-1},
                 {"partition":0,"offset":3,"value":"abc","valueBase64":"YWJj","valueBytes":300000,"valueTruncated":true}]
                """);

        assertThat(rows.get(0).note()).isEqualTo("not UTF-8: base64");
        assertThat(rows.get(0).preview()).isEqualTo("/w==");
        assertThat(rows.get(0).key()).isEqualTo("/w== (base64)");
        assertThat(rows.get(1).note()).isEqualTo("no value (a tombstone)");
        assertThat(rows.get(2).note()).startsWith("only its beginning is shown: the whole value is 293");
    }

    @Test
    void aTypedTimeIsReadAsUtc() {
        assertThat(EventRows.fromTime("2026-12-05T10:00")).hasValue("2026-12-05T10:00:00Z");
        assertThat(EventRows.fromTime("2026-12-05T10:00:06")).hasValue("2026-12-05T10:00:06Z");
        assertThat(EventRows.fromTime("2026-12-05T10:00:06Z")).hasValue("2026-12-05T10:00:06Z");
        assertThat(EventRows.fromTime(" ")).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> EventRows.fromTime("yesterday"))
                .withMessage("Type the time as 2026-12-05 10:00:00 (UTC).");
    }

    private static List<EventRows.Row> rows(String json) {
        return EventRows.of(JsonMapper.shared().readTree(json));
    }
}

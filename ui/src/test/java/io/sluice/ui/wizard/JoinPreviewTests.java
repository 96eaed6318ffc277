package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.wizard.Lookups.Sample;
import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.OutputRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import org.junit.jupiter.api.Test;

class JoinPreviewTests {

    private static final Sample ORDER = sample("{\"order_id\":\"o-1\",\"customer\":{\"id\":42},\"amount\":12.5}");

    @Test
    void twoSamplesWithEqualKeysArePairedIntoTheRowTheJoinWrites() {
        JoinPreview preview = JoinPreview.of("orders", ORDER, sample("{\"order\":\"o-1\",\"method\":\"card\",\"amount\":12.5}"),
                form("order_id", "order"));

        assertThat(preview.keysMeet()).isTrue();
        assertThat(preview.keyProblem()).isNull();
        assertThat(preview.leftKey()).isEqualTo("o-1");
        assertThat(preview.row()).contains("\"order_id\" : \"o-1\"", "\"customer_id\" : 42", "\"payment_method\" : \"card\"")
                .doesNotContain("\"amount\"");
    }

    @Test
    void samplesThatAreNoPartnersStillShowTheRowsShapeAndSaySo() {
        JoinPreview preview = JoinPreview.of("orders", ORDER, sample("{\"order\":\"o-7\",\"method\":\"cash\"}"),
                form("order_id", "order"));

        assertThat(preview.keysMeet()).isFalse();
        assertThat(preview.leftKey()).isEqualTo("o-1");
        assertThat(preview.rightKey()).isEqualTo("o-7");
        assertThat(preview.row()).contains("\"payment_method\" : \"cash\"");
    }

    @Test
    void aNumberKeyMeetsItsEqualNumberWrittenDifferentlyAsTheJoinCompares() {
        JoinPreview preview = JoinPreview.of("orders", sample("{\"order_id\":7.0,\"customer\":{\"id\":1}}"),
                sample("{\"order\":7,\"method\":\"card\"}"), form("order_id", "order"));

        assertThat(preview.keysMeet()).isTrue();
    }

    @Test
    void aSampleWithoutAKeyFieldSaysWhichAndMeetsNothing() {
        JoinPreview preview = JoinPreview.of("orders", ORDER, sample("{\"method\":\"card\"}"), form("order_id", "order"));

        assertThat(preview.keysMeet()).isFalse();
        assertThat(preview.keyProblem()).isEqualTo("the second source's sample: missing join key field order");
        assertThat(preview.row()).contains("\"payment_method\" : \"card\"");
    }

    @Test
    void noPreviewUntilBothSamplesAreJsonEvents() {
        assertThat(JoinPreview.of("orders", ORDER, null, form("order_id", "order"))).isNull();
        assertThat(JoinPreview.of("orders", ORDER, new Sample("payments", 0, 0, null, null, "not json", null, "not JSON",
                List.of()), form("order_id", "order"))).isNull();
    }

    @Test
    void theFilterSeesTheJoinedRowWithTheMissingSidesFieldsNull() {
        var row = JoinPreview.row("orders", ORDER, null, form("order_id", "order"));

        assertThat(row.toString()).isEqualTo("{\"order_id\":\"o-1\",\"customer_id\":42,\"payment_method\":null}");
    }

    private static JoinForm form(String leftKey, String rightKey) {
        return JoinForm.builder().enabled(true).sourceId("payments").topic("payments")
                .fields(List.of(new SchemaRow(true, "order", "string"), new SchemaRow(true, "method", "string")))
                .leftKey(leftKey).rightKey(rightKey).leftWindow("1h").rightWindow("1h")
                .outputFields(List.of(new OutputRow(true, "left", "order_id", ""),
                        new OutputRow(true, "left", "customer.id", "customer_id"),
                        new OutputRow(true, "right", "method", "payment_method"), new OutputRow(false, "right", "amount", "")))
                .build();
    }

    private static Sample sample(String json) {
        return new Sample("t", 0, 0, null, null, json, json, null, List.of());
    }
}

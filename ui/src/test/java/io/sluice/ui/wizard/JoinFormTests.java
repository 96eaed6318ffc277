package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.OutputRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import org.junit.jupiter.api.Test;

class JoinFormTests {

    @Test
    void aFormBuiltFromNothingIsTheEmptyPage() {
        JoinForm empty = JoinForm.builder().build();

        assertThat(empty).isEqualTo(JoinForm.empty());
        assertThat(empty.enabled()).isFalse();
        assertThat(empty.reuseConnection()).isTrue();
        assertThat(empty.leftWindow()).isEqualTo("5m");
        assertThat(empty.type()).isEqualTo("inner");
    }

    @Test
    void changingOneComponentKeepsEverythingElseTheUserTyped() {
        JoinForm typed = new JoinForm(true, false, "k2:9092", "SASL_SSL", "PLAIN", "u", "p", "payments", "payments",
                "latest", List.of(new SchemaRow(true, "order_id", "string")), "order_id", "order", "1m", "2m",
                List.of(new OutputRow(true, "right", "order_id", "paid_order")), "left");

        JoinForm changed = typed.toBuilder().sourceId("payments-2").build();

        assertThat(changed.sourceId()).isEqualTo("payments-2");
        assertThat(changed.toBuilder().sourceId("payments").build()).isEqualTo(typed);
    }

    @Test
    void theBuiltFormIsNormalisedLikeABoundOne() {
        JoinForm form = JoinForm.builder().brokers(null).type("outer").initialOffset("").build();

        assertThat(form.brokers()).isEmpty();
        assertThat(form.type()).isEqualTo("inner");
        assertThat(form.initialOffset()).isEqualTo("earliest");
    }
}

package io.sluice.model.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.JoinSide;
import io.sluice.model.definition.JoinType;
import io.sluice.model.definition.OutputField;
import io.sluice.model.definition.Window;
import io.sluice.model.key.EventFields;
import org.junit.jupiter.api.Test;

class JoinedRowsTests {

    private static final JoinDefinition ORDERS_PAYMENTS = new JoinDefinition(JoinType.LEFT,
            new JoinSide("orders", List.of("order_id"), Window.parse("1h")),
            new JoinSide("payments", List.of("order"), Window.parse("1h")),
            List.of(new OutputField("orders", "order_id", null), new OutputField("orders", "customer.id", "customer_id"),
                    new OutputField("payments", "method", "payment_method"), new OutputField("payments", "amount", null)));

    private final JoinedRows rows = new JoinedRows(ORDERS_PAYMENTS);

    @Test
    void takesEachOutputFieldFromItsSideUnderItsOutputNameInOrder() {
        byte[] row = rows.row(json("{\"order_id\": \"o-1\", \"customer\": {\"id\": 42}, \"amount\": 1}"),
                json("{\"order\": \"o-1\", \"method\": \"card\", \"amount\": 9.5}"));

        assertThat(new String(row, StandardCharsets.UTF_8))
                .isEqualTo("{\"order_id\":\"o-1\",\"customer_id\":42,\"payment_method\":\"card\",\"amount\":9.5}");
    }

    @Test
    void anUnmatchedLeftEventHasEveryRightFieldNull() {
        byte[] row = rows.row(json("{\"order_id\": \"o-2\", \"customer\": {\"id\": 7}}"), null);

        assertThat(new String(row, StandardCharsets.UTF_8))
                .isEqualTo("{\"order_id\":\"o-2\",\"customer_id\":7,\"payment_method\":null,\"amount\":null}");
    }

    @Test
    void aFieldTheEventLacksIsNull() {
        byte[] row = rows.row(json("{\"order_id\": \"o-3\"}"), json("{\"order\": \"o-3\"}"));

        assertThat(new String(row, StandardCharsets.UTF_8))
                .isEqualTo("{\"order_id\":\"o-3\",\"customer_id\":null,\"payment_method\":null,\"amount\":null}");
    }

    @Test
    void aDottedOutputNameIsAPathInTheRowAsEveryStageReadsFieldNames() {
        JoinedRows dotted = new JoinedRows("orders", List.of(new OutputField("orders", "customer.id", null),
                new OutputField("orders", "customer.name", null), new OutputField("payments", "method", "payment.method")));

        byte[] row = dotted.row(json("{\"customer\": {\"id\": 42, \"name\": \"Ada\"}}"), json("{\"method\": \"card\"}"));

        assertThat(new String(row, StandardCharsets.UTF_8))
                .isEqualTo("{\"customer\":{\"id\":42,\"name\":\"Ada\"},\"payment\":{\"method\":\"card\"}}");
        assertThat(EventFields.parse(row).valueOf("customer.id")).isEqualTo(42);
    }

    @Test
    void aDottedNameClashingWithAPlainOneKeepsBothReadable() {
        JoinedRows clash = new JoinedRows("orders", List.of(new OutputField("orders", "customer", null),
                new OutputField("orders", "customer.id", null)));

        byte[] row = clash.row(json("{\"customer\": \"Ada\", \"customer.id\": 42}"), null);

        EventFields fields = EventFields.parse(row);
        assertThat(fields.valueOf("customer")).isEqualTo("Ada");
        assertThat(fields.valueOf("customer.id")).isEqualTo(42);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

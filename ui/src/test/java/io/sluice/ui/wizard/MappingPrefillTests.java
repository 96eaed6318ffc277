package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.wizard.OutputFields.OutputField;
import io.sluice.ui.wizard.WizardForms.MappingRow;
import org.junit.jupiter.api.Test;

class MappingPrefillTests {

    private static final List<TableColumn> ORDERS = List.of(new TableColumn("order_id", "String"),
            new TableColumn("customer_id", "UInt64"), new TableColumn("Amount", "Float64"),
            new TableColumn("created_at", "DateTime"));

    @Test
    void mapsEachFieldToTheColumnOfTheSameNameWithDotsAsUnderscoresIgnoringCase() {
        List<MappingRow> rows = MappingPrefill.propose(List.of(new OutputField("order_id", "string"),
                new OutputField("customer.id", "int"), new OutputField("amount", "float")), ORDERS, List.of());

        assertThat(rows).containsExactly(new MappingRow("order_id", "order_id"), new MappingRow("customer.id", "customer_id"),
                new MappingRow("amount", "Amount"));
    }

    @Test
    void leavesAFieldWithoutASameNamedColumnUnwritten() {
        List<MappingRow> rows = MappingPrefill.propose(List.of(new OutputField("note", "string")), ORDERS, List.of());

        assertThat(rows).containsExactly(new MappingRow("note", ""));
    }

    @Test
    void prefersTheCandidateWhoseTypeFitsAndNeverProposesAColumnTwice() {
        List<TableColumn> columns = List.of(new TableColumn("created_at", "UInt8"), new TableColumn("Created_At", "DateTime"));

        List<MappingRow> rows = MappingPrefill.propose(List.of(new OutputField("created_at", "timestamp"),
                new OutputField("created.at", "timestamp")), columns, List.of());

        assertThat(rows).containsExactly(new MappingRow("created_at", "Created_At"), new MappingRow("created.at", "created_at"));
    }

    @Test
    void proposesASameNamedColumnEvenWhenItsTypeDoesNotFitForThePageToHighlight() {
        List<MappingRow> rows = MappingPrefill.propose(List.of(new OutputField("quantity", "string")),
                List.of(new TableColumn("quantity", "UInt32")), List.of());

        assertThat(rows).containsExactly(new MappingRow("quantity", "quantity"));
    }

    @Test
    void keepsTheUsersChoicesIncludingLeavingAFieldUnwritten() {
        List<MappingRow> previous = List.of(new MappingRow("order_id", "customer_id"), new MappingRow("amount", ""));

        List<MappingRow> rows = MappingPrefill.propose(List.of(new OutputField("order_id", "string"),
                new OutputField("amount", "float"), new OutputField("created_at", "timestamp")), ORDERS, previous);

        assertThat(rows).containsExactly(new MappingRow("order_id", "customer_id"), new MappingRow("amount", ""),
                new MappingRow("created_at", "created_at"));
    }
}

package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.wizard.NewTableProposal.ProposedColumn;
import io.sluice.ui.wizard.OutputFields.OutputField;
import org.junit.jupiter.api.Test;

class NewTableProposalTests {

    @Test
    void oneColumnPerFieldNamedSoThatTheMappingMatchesIt() {
        List<ProposedColumn> columns = NewTableProposal.columns(List.of(new OutputField("order_id", "string"),
                new OutputField("customer.id", "int"), new OutputField("amount", "float"),
                new OutputField("created_at", "timestamp"), new OutputField("paid", "bool"), new OutputField("tags", "array"),
                new OutputField("note", "")));

        assertThat(columns).containsExactly(new ProposedColumn("order_id", "String", "order_id"),
                new ProposedColumn("customer_id", "Int64", "customer.id"), new ProposedColumn("amount", "Float64", "amount"),
                new ProposedColumn("created_at", "DateTime", "created_at"), new ProposedColumn("paid", "String", "paid"),
                new ProposedColumn("tags", "String", "tags"), new ProposedColumn("note", "String", "note"));
        assertThat(columns).allMatch((c) -> MappingPrefill.sameName(c.field(), c.name()));
    }

    @Test
    void everyProposedTypeTakesEveryValueOfItsField() {
        for (String type : WizardPages.FIELD_TYPES) {
            ProposedColumn column = NewTableProposal.columns(List.of(new OutputField("f", type))).get(0);
            assertThat(TypeCompatibility.of(type, column.type()).level()).as(type + " -> " + column.type())
                .isIn(TypeCompatibility.Level.FITS, TypeCompatibility.Level.CONVERTED);
        }
    }

    @Test
    void theSortKeyProposedIsTheDedupKeysColumns() {
        List<ProposedColumn> columns = NewTableProposal.columns(List.of(new OutputField("order_id", "string"),
                new OutputField("customer.id", "int")));
        assertThat(NewTableProposal.orderBy(columns, List.of("customer.id", "gone"))).containsExactly("customer_id");
    }

    @Test
    void namesThatCannotBeColumnsAsTheyAreAreMadeSafe() {
        assertThat(NewTableProposal.columnName("1st-try")).isEqualTo("_1st_try");
    }
}

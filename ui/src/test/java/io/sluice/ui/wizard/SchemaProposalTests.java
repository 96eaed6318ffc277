package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ui.wizard.Lookups.SampleField;
import io.sluice.ui.wizard.Lookups.TypeCount;
import io.sluice.ui.wizard.SchemaProposal.Disagreement;
import org.junit.jupiter.api.Test;

class SchemaProposalTests {

    @Test
    void aFieldWithNoTypeFittingAllSaysHowManyEventsHeldWhatAndAsksTheUserToChoose() {
        List<Disagreement> found = SchemaProposal.disagreements(List.of(new SampleField("amount", "float",
                List.of(new TypeCount("float", 18), new TypeCount("string", 2)), false, 0)), 20);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).counts()).isEqualTo("float in 18 events, string in 2");
        assertThat(found.get(0).choose()).isTrue();
        assertThat(found.get(0).advice()).startsWith("No one type fits every value: the guess float is the most frequent");
    }

    @Test
    void intsAndFloatsAreGuessedFloatWithoutAskingAnything() {
        Disagreement found = SchemaProposal.disagreements(List.of(new SampleField("price", "float",
                List.of(new TypeCount("int", 12), new TypeCount("float", 8)), true, 0)), 20).get(0);

        assertThat(found.choose()).isFalse();
        assertThat(found.advice()).isEqualTo("Guessed float, which fits them all.");
    }

    @Test
    void aFieldMissingFromSomeEventsSaysFromHowMany() {
        Disagreement found = SchemaProposal.disagreements(List.of(new SampleField("coupon", "string",
                List.of(new TypeCount("string", 5)), true, 15)), 20).get(0);

        assertThat(found.counts()).isEqualTo("string in 5 events, missing in 15 of 20");
        assertThat(found.advice()).isEmpty();
    }

    @Test
    void fieldsTheEventsAgreeOnAndOneEventSamplesShowNothing() {
        assertThat(SchemaProposal.disagreements(List.of(new SampleField("id", "string",
                List.of(new TypeCount("string", 20)), true, 0), new SampleField("old", "int")), 20)).isEmpty();
    }
}

package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.clickhouse.EpochNumbers;
import io.sluice.ui.wizard.TypeCompatibility.Level;
import org.junit.jupiter.api.Test;

class TypeCompatibilityTests {

    @Test
    void fieldsOfTheColumnsOwnKindFit() {
        assertThat(TypeCompatibility.of("string", "String").level()).isEqualTo(Level.FITS);
        assertThat(TypeCompatibility.of("int", "Int64").level()).isEqualTo(Level.FITS);
        assertThat(TypeCompatibility.of("float", "Float64").level()).isEqualTo(Level.FITS);
        assertThat(TypeCompatibility.of("int", "Decimal(18, 2)").level()).isEqualTo(Level.FITS);
        assertThat(TypeCompatibility.of("timestamp", "DateTime('Europe/Berlin')").level()).isEqualTo(Level.FITS);
        assertThat(TypeCompatibility.of("bool", "Bool").level()).isEqualTo(Level.FITS);
        assertThat(TypeCompatibility.of("array", "Array(String)").level()).isEqualTo(Level.FITS);
    }

    @Test
    void looksThroughNullableAndLowCardinality() {
        assertThat(TypeCompatibility.base("Nullable(DateTime64(3, 'UTC'))")).isEqualTo("DateTime64");
        assertThat(TypeCompatibility.base("LowCardinality(Nullable(String))")).isEqualTo("String");
        assertThat(TypeCompatibility.of("string", "LowCardinality(Nullable(String))").level()).isEqualTo(Level.FITS);
        assertThat(TypeCompatibility.of("string", "Nullable(UInt32)").mismatch()).isTrue();
    }

    @Test
    void textInANumberColumnIsAMismatchThatSaysWhy() {
        TypeCompatibility.Verdict verdict = TypeCompatibility.of("string", "UInt32");

        assertThat(verdict.mismatch()).isTrue();
        assertThat(verdict.explanation()).contains("UInt32", "only strings that hold a whole number", "dead letters");
    }

    @Test
    void fractionsInAnIntegerColumnAndTextInATimeColumnAreMismatches() {
        assertThat(TypeCompatibility.of("float", "Int32").mismatch()).isTrue();
        assertThat(TypeCompatibility.of("string", "DateTime").explanation()).contains("set the field's type to timestamp");
        assertThat(TypeCompatibility.of("object", "Float64").mismatch()).isTrue();
    }

    @Test
    void valuesWrittenDifferentlyAreFlaggedButNotMismatches() {
        assertThat(TypeCompatibility.of("int", "String").level()).isEqualTo(Level.CONVERTED);
        assertThat(TypeCompatibility.of("object", "String").explanation()).contains("JSON text");
        assertThat(TypeCompatibility.of("int", "DateTime").level()).isEqualTo(Level.CONVERTED);
        assertThat(TypeCompatibility.of("int", "UInt64").explanation()).contains("Negative values");
    }

    @Test
    void aColumnTypeTheSinkCannotWriteIsAMismatchInItsOwnWords() {
        for (String type : new String[] {"Int128", "Date32", "Decimal256(10)", "Nullable(UInt256)"}) {
            TypeCompatibility.Verdict verdict = TypeCompatibility.of("int", type);

            assertThat(verdict.mismatch()).as(type).isTrue();
            assertThat(verdict.explanation()).as(type).startsWith("The sink cannot write this column: ");
        }
    }

    @Test
    void numbersInATimeColumnAreExplainedByTheSinksEpochRule() {
        assertThat(TypeCompatibility.of("int", "DateTime64(3)").explanation())
                .isEqualTo(EpochNumbers.DESCRIPTION).contains("below 10^14 milliseconds");
    }

    @Test
    void judgesNothingWithoutAColumnOrAFieldType() {
        assertThat(TypeCompatibility.of("string", "").level()).isEqualTo(Level.UNKNOWN);
        assertThat(TypeCompatibility.of("", "String").level()).isEqualTo(Level.UNKNOWN);
        assertThat(TypeCompatibility.of("string", "IPv4").mismatch()).as("a type the sink cannot write").isTrue();
    }
}

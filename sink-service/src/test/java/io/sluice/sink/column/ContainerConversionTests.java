package io.sluice.sink.column;

import static io.sluice.sink.column.Encoding.hex;
import static io.sluice.sink.column.Encoding.reason;
import static io.sluice.sink.column.Encoding.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.List;

import io.sluice.model.clickhouse.ClickHouseType;
import io.sluice.model.clickhouse.UnsupportedColumnTypeException;
import org.junit.jupiter.api.Test;

class ContainerConversionTests {

    @Test
    void writesNullableValuesBehindANotNullByte() throws Exception {
        assertThat(hex("Nullable(UInt8)", "5")).isEqualTo("0005");
        assertThat(hex("Nullable(String)", "\"x\"")).isEqualTo("000178");
    }

    @Test
    void writesJsonNullAsNullInNullableColumns() throws Exception {
        assertThat(hex("Nullable(UInt8)", "null")).isEqualTo("01");
    }

    @Test
    void stillChecksTheValueInsideANullable() {
        assertThat(reason("Nullable(UInt8)", "300")).isEqualTo("300 is out of range for UInt8 (0 to 255)");
    }

    @Test
    void writesArraysAsCountThenElements() throws Exception {
        assertThat(hex("Array(UInt8)", "[1, 2, 3]")).isEqualTo("03010203");
        assertThat(hex("Array(UInt8)", "[]")).isEqualTo("00");
        assertThat(hex("Array(String)", "[\"a\", \"bc\"]")).isEqualTo("02" + "0161" + "026263");
    }

    @Test
    void writesTheCountOfLongArraysAsMultiByteLeb128() throws Exception {
        String elements = String.join(",", java.util.Collections.nCopies(200, "7"));
        assertThat(hex("Array(UInt8)", "[" + elements + "]")).isEqualTo("c801" + "07".repeat(200));
    }

    @Test
    void writesNestedArrays() throws Exception {
        assertThat(hex("Array(Array(UInt8))", "[[1], [2, 3], []]")).isEqualTo("03" + "0101" + "020203" + "00");
    }

    @Test
    void writesNullElementsOfArraysOfNullable() throws Exception {
        assertThat(hex("Array(Nullable(String))", "[\"a\", null]")).isEqualTo("02" + "000161" + "01");
    }

    @Test
    void namesTheElementThatDoesNotFit() {
        assertThat(reason("Array(UInt8)", "[1, 300]")).isEqualTo("element 1: 300 is out of range for UInt8 (0 to 255)");
        assertThat(reason("Array(String)", "[\"a\", null]"))
                .isEqualTo("element 1: no value (null or missing) for a column that is not Nullable");
        assertThat(reason("Array(Array(UInt8))", "[[1], [2, -1]]"))
                .isEqualTo("element 1: element 1: -1 is out of range for UInt8 (0 to 255)");
    }

    @Test
    void rejectsAScalarForAnArray() {
        assertThat(reason("Array(UInt8)", "1")).isEqualTo("expected an array for Array(UInt8), got a number 1");
    }

    @Test
    void writesLowCardinalityExactlyLikeItsInnerType() throws Exception {
        assertThat(hex("LowCardinality(String)", "\"ab\"")).isEqualTo(hex("String", "\"ab\""));
        assertThat(hex("LowCardinality(Nullable(String))", "\"ab\"")).isEqualTo("00026162");
        assertThat(hex("LowCardinality(Nullable(String))", "null")).isEqualTo("01");
    }

    @Test
    void writesMapsAsCountThenKeysAndValuesInTheOrderOfTheJson() throws Exception {
        assertThat(hex("Map(String, String)", "{\"a\": \"x\", \"b\": \"y\"}")).isEqualTo("02" + "0161" + "0178" + "0162" + "0179");
        assertThat(hex("Map(String, String)", "{}")).isEqualTo("00");
        assertThat(hex("Map(LowCardinality(String), UInt8)", "{\"é\": 7}")).isEqualTo("01" + "02" + utf8("é") + "07");
    }

    @Test
    void storesNonStringMapValuesAsTheirJsonTextInStringMaps() throws Exception {
        assertThat(hex("Map(String, String)", "{\"n\": 1, \"o\": {\"p\": true}}"))
                .isEqualTo("02" + "016e" + "0131" + "016f" + "0a" + utf8("{\"p\":true}"));
    }

    @Test
    void writesNullMapValuesOnlyWhenTheValueTypeIsNullable() throws Exception {
        assertThat(hex("Map(String, Nullable(String))", "{\"a\": null}")).isEqualTo("01" + "0161" + "01");
        assertThat(reason("Map(String, String)", "{\"a\": null}"))
                .isEqualTo("key \"a\": no value (null or missing) for a column that is not Nullable");
    }

    @Test
    void namesTheMapKeyWhoseValueDoesNotFit() {
        assertThat(reason("Map(String, UInt8)", "{\"ok\": 1, \"bad\": 300}"))
                .isEqualTo("key \"bad\": 300 is out of range for UInt8 (0 to 255)");
    }

    @Test
    void rejectsAnArrayForAMap() {
        assertThat(reason("Map(String, String)", "[]")).isEqualTo("expected an object for Map(String, String), got an array");
    }

    @Test
    void refusesMapsWhoseKeysAreNotStringsWhenCompiling() {
        assertThatThrownBy(() -> RowEncoder.compile(
                List.of(new ColumnBinding("v", "c", ClickHouseType.parse("Map(UInt8, String)"))), ZoneOffset.UTC))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessageContaining("maps with String keys only");
    }

}

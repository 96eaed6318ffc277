package io.sluice.model.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.sluice.model.clickhouse.ClickHouseType.ArrayOf;
import io.sluice.model.clickhouse.ClickHouseType.DateTime;
import io.sluice.model.clickhouse.ClickHouseType.DateTime64;
import io.sluice.model.clickhouse.ClickHouseType.Decimal;
import io.sluice.model.clickhouse.ClickHouseType.EnumValue;
import io.sluice.model.clickhouse.ClickHouseType.Enumeration;
import io.sluice.model.clickhouse.ClickHouseType.FixedString;
import io.sluice.model.clickhouse.ClickHouseType.LowCardinality;
import io.sluice.model.clickhouse.ClickHouseType.MapOf;
import io.sluice.model.clickhouse.ClickHouseType.Nullable;
import io.sluice.model.clickhouse.ClickHouseType.Scalar;
import io.sluice.model.clickhouse.ClickHouseType.Simple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClickHouseTypeTests {

    @ParameterizedTest
    @ValueSource(strings = { "String", "UInt8", "UInt16", "UInt32", "UInt64", "Int8", "Int16", "Int32", "Int64",
            "Float32", "Float64", "Date", "UUID", "Bool" })
    void parsesEveryTypeWithoutParametersAndPrintsItBack(String text) {
        ClickHouseType type = ClickHouseType.parse(text);

        assertThat(type).isInstanceOf(Simple.class);
        assertThat(type.sql()).isEqualTo(text);
    }

    @Test
    void parsesFixedStringWithItsLength() {
        assertThat(ClickHouseType.parse("FixedString(16)")).isEqualTo(new FixedString(16));
    }

    @Test
    void parsesDecimalWithPrecisionAndScale() {
        assertThat(ClickHouseType.parse("Decimal(10, 2)")).isEqualTo(new Decimal(10, 2));
        assertThat(ClickHouseType.parse("Decimal(10,2)").sql()).isEqualTo("Decimal(10, 2)");
    }

    @Test
    void readsSizedDecimalsAsTheDecimalClickHousePrints() {
        assertThat(ClickHouseType.parse("Decimal32(3)")).isEqualTo(new Decimal(9, 3));
        assertThat(ClickHouseType.parse("Decimal64(4)")).isEqualTo(new Decimal(18, 4));
        assertThat(ClickHouseType.parse("Decimal128(5)")).isEqualTo(new Decimal(38, 5));
        assertThat(ClickHouseType.parse("Decimal32(3)").sql()).isEqualTo("Decimal(9, 3)");
    }

    @Test
    void parsesDateTimeWithAndWithoutTimeZone() {
        assertThat(ClickHouseType.parse("DateTime")).isEqualTo(new DateTime(null));
        assertThat(ClickHouseType.parse("DateTime('Europe/Moscow')")).isEqualTo(new DateTime("Europe/Moscow"));
        assertThat(ClickHouseType.parse("DateTime('Europe/Moscow')").sql()).isEqualTo("DateTime('Europe/Moscow')");
    }

    @Test
    void parsesDateTime64WithPrecisionAndOptionalTimeZone() {
        assertThat(ClickHouseType.parse("DateTime64(3)")).isEqualTo(new DateTime64(3, null));
        assertThat(ClickHouseType.parse("DateTime64(6, 'UTC')")).isEqualTo(new DateTime64(6, "UTC"));
        assertThat(ClickHouseType.parse("DateTime64(6, 'UTC')").sql()).isEqualTo("DateTime64(6, 'UTC')");
    }

    @Test
    void parsesEnumsAsClickHousePrintsThemIncludingEscapedQuotes() {
        // Verbatim from ClickHouse 18.16's system.columns for Enum8('a' = 1, 'b''x' = -2).
        ClickHouseType type = ClickHouseType.parse("Enum8('b\\'x' = -2, 'a' = 1)");

        assertThat(type).isEqualTo(new Enumeration(8, List.of(new EnumValue("a", 1), new EnumValue("b'x", -2))));
        assertThat(type.sql()).isEqualTo("Enum8('b\\'x' = -2, 'a' = 1)");
        assertThat(ClickHouseType.parse("Enum16('z' = 1000)")).isEqualTo(new Enumeration(16, List.of(new EnumValue("z", 1000))));
    }

    @Test
    void comparesEnumsRegardlessOfTheOrderTheValuesAreWrittenIn() {
        assertThat(ClickHouseType.parse("Enum8('a' = 1, 'b' = 2)")).isEqualTo(ClickHouseType.parse("Enum8('b' = 2, 'a' = 1)"));
        assertThat(ClickHouseType.parse("Enum8('a' = 1, 'b' = 2)")).isNotEqualTo(ClickHouseType.parse("Enum8('a' = 1, 'b' = 3)"));
    }

    @Test
    void parsesNullableArrayLowCardinalityAndMap() {
        assertThat(ClickHouseType.parse("Nullable(String)")).isEqualTo(new Nullable(new Simple(Scalar.STRING)));
        assertThat(ClickHouseType.parse("Array(UInt8)")).isEqualTo(new ArrayOf(new Simple(Scalar.UINT8)));
        assertThat(ClickHouseType.parse("LowCardinality(String)")).isEqualTo(new LowCardinality(new Simple(Scalar.STRING)));
        assertThat(ClickHouseType.parse("Map(String, String)"))
                .isEqualTo(new MapOf(new Simple(Scalar.STRING), new Simple(Scalar.STRING)));
    }

    @Test
    void parsesNestedTypes() {
        assertThat(ClickHouseType.parse("Array(Nullable(String))"))
                .isEqualTo(new ArrayOf(new Nullable(new Simple(Scalar.STRING))));
        assertThat(ClickHouseType.parse("LowCardinality(Nullable(String))"))
                .isEqualTo(new LowCardinality(new Nullable(new Simple(Scalar.STRING))));
        assertThat(ClickHouseType.parse("Array(Array(Decimal(10, 2)))").sql()).isEqualTo("Array(Array(Decimal(10, 2)))");
        assertThat(ClickHouseType.parse("Map(String, Array(Nullable(DateTime('UTC'))))").sql())
                .isEqualTo("Map(String, Array(Nullable(DateTime('UTC'))))");
    }

    @Test
    void toleratesWhitespaceBetweenTokens() {
        assertThat(ClickHouseType.parse("  Array ( Nullable ( String ) ) ").sql()).isEqualTo("Array(Nullable(String))");
    }

    @Test
    void acceptsNullOnlyForNullableAndLowCardinalityOfNullable() {
        assertThat(ClickHouseType.parse("Nullable(UInt8)").acceptsNull()).isTrue();
        assertThat(ClickHouseType.parse("LowCardinality(Nullable(String))").acceptsNull()).isTrue();
        assertThat(ClickHouseType.parse("LowCardinality(String)").acceptsNull()).isFalse();
        assertThat(ClickHouseType.parse("Array(Nullable(String))").acceptsNull()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "IPv4", "Tuple(String, UInt8)", "Int128", "UInt256", "Date32", "Nested(a String)",
            "AggregateFunction(uniq, String)", "Nothing", "JSON", "Decimal256(3)", "string", "Array(IPv6)" })
    void rejectsTypesItCannotWriteNamingTheType(String text) {
        assertThatThrownBy(() -> ClickHouseType.parse(text))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessageStartingWith("unsupported column type \"")
                .hasMessageContaining("Sluice writes String, FixedString(N)");
    }

    @Test
    void namesTheUnsupportedPartOfANestedType() {
        assertThatThrownBy(() -> ClickHouseType.parse("Array(Tuple(String, UInt8))"))
                .hasMessageStartingWith("unsupported column type \"Tuple(String, UInt8)\"");
    }

    @Test
    void rejectsDecimalsBeyondPrecision38() {
        assertThatThrownBy(() -> ClickHouseType.parse("Decimal(40, 2)"))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessageContaining("precision 40 is outside 1 to 38");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "Array(String", "Array()", "Array(String))", "Nullable", "FixedString",
            "FixedString(0)", "FixedString(x)", "Decimal(10)", "Decimal(2, 5)", "DateTime(UTC)", "DateTime('UTC",
            "DateTime64(10)", "DateTime64", "Enum8('a')", "Enum8('a' = 1, 'a' = 2)", "Enum8('a' = 1, 'b' = 1)",
            "Enum8('a' = 300)", "Enum16('a' = 40000)", "UInt8(3)", "String String", "Map(String)",
            "Nullable(Nullable(String))", "Nullable(Array(String))", "LowCardinality(Array(String))",
            "FixedString(99999999999)" })
    void rejectsMalformedTypes(String text) {
        assertThatThrownBy(() -> ClickHouseType.parse(text))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void saysWhereAMalformedTypeGoesWrong() {
        assertThatThrownBy(() -> ClickHouseType.parse("Array(String"))
                .hasMessage("malformed ClickHouse type \"Array(String\": expected ')' at the end");
        assertThatThrownBy(() -> ClickHouseType.parse("Decimal(10 2)"))
                .hasMessage("malformed ClickHouse type \"Decimal(10 2)\": expected ',' at position 12");
    }

}

package io.sluice.sink.column;

import static io.sluice.sink.column.Encoding.hex;
import static io.sluice.sink.column.Encoding.le;
import static io.sluice.sink.column.Encoding.reason;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberConversionTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "UInt8  | 0                    | 00",
            "UInt8  | 255                  | ff",
            "Int8   | -128                 | 80",
            "Int8   | 127                  | 7f",
            "UInt16 | 65535                | ffff",
            "Int16  | -32768               | 0080",
            "UInt32 | 4294967295           | ffffffff",
            "Int32  | -1                   | ffffffff",
            "Int32  | 2147483647           | ffffff7f",
            "UInt64 | 18446744073709551615 | ffffffffffffffff",
            "UInt64 | 9223372036854775808  | 0000000000000080",
            "Int64  | -9223372036854775808 | 0000000000000080",
            "Int64  | 9223372036854775807  | ffffffffffffff7f" })
    void writesIntegersLittleEndianUpToTheEdgesOfTheirRange(String type, String value, String bytes) throws Exception {
        assertThat(hex(type, value)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "UInt8  | 256                  | 0 to 255",
            "UInt8  | 300                  | 0 to 255",
            "UInt8  | -1                   | 0 to 255",
            "Int8   | 128                  | -128 to 127",
            "Int8   | -129                 | -128 to 127",
            "UInt16 | 65536                | 0 to 65535",
            "Int16  | 32768                | -32768 to 32767",
            "UInt32 | 4294967296           | 0 to 4294967295",
            "Int32  | 2147483648           | -2147483648 to 2147483647",
            "UInt64 | 18446744073709551616 | 0 to 18446744073709551615",
            "UInt64 | -1                   | 0 to 18446744073709551615",
            "Int64  | 9223372036854775808  | -9223372036854775808 to 9223372036854775807",
            "Int64  | -9223372036854775809 | -9223372036854775808 to 9223372036854775807" })
    void rejectsIntegersOutsideTheirRangeInsteadOfWrapping(String type, String value, String range) {
        assertThat(reason(type, value)).isEqualTo(value + " is out of range for " + type + " (" + range + ")");
    }

    @Test
    void acceptsNumbersWithoutAFractionForIntegerColumns() throws Exception {
        assertThat(hex("UInt8", "3.0")).isEqualTo("03");
        assertThat(hex("UInt16", "1e3")).isEqualTo("e803");
        assertThat(hex("Int32", "-2.50e1")).isEqualTo(le(-25, 4));
    }

    @Test
    void rejectsFractionsForIntegerColumns() {
        assertThat(reason("Int32", "1.5")).isEqualTo("1.5 is not a whole number, as Int32 needs");
    }

    @Test
    void rejectsHugeExponentsWithoutExpandingThem() {
        assertThat(reason("Int64", "1e999999999")).contains("out of range for Int64");
        assertThat(reason("Int64", "1e-999999999")).contains("is not a whole number");
    }

    @Test
    void acceptsIntegersWrittenAsStringsAsJavaScriptProducersSendUInt64() throws Exception {
        assertThat(hex("UInt64", "\"18446744073709551615\"")).isEqualTo("ffffffffffffffff");
        assertThat(hex("Int8", "\"-5\"")).isEqualTo("fb");
        assertThat(reason("UInt8", "\"256\"")).isEqualTo("\"256\" is out of range for UInt8 (0 to 255)");
    }

    @Test
    void rejectsStringsThatAreNotPlainIntegers() {
        assertThat(reason("Int32", "\"4x\"")).isEqualTo("\"4x\" is not an integer, as Int32 needs");
        assertThat(reason("Int32", "\" 42\"")).isEqualTo("\" 42\" is not an integer, as Int32 needs");
        assertThat(reason("Int32", "\"1.0\"")).isEqualTo("\"1.0\" is not an integer, as Int32 needs");
        assertThat(reason("Int32", "\"\"")).isEqualTo("\"\" is not an integer, as Int32 needs");
    }

    @Test
    void writesBooleansAsOneAndZeroInIntegerColumns() throws Exception {
        assertThat(hex("UInt8", "true")).isEqualTo("01");
        assertThat(hex("UInt8", "false")).isEqualTo("00");
    }

    @Test
    void rejectsObjectsAndArraysForNumbers() {
        assertThat(reason("UInt8", "{}")).isEqualTo("expected an integer for UInt8, got an object");
        assertThat(reason("Float64", "[1]")).isEqualTo("expected a number for Float64, got an array");
        assertThat(reason("Decimal(9, 2)", "true")).isEqualTo("expected a number for Decimal(9, 2), got a boolean true");
    }

    @Test
    void writesFloatsAsIeee754LittleEndian() throws Exception {
        assertThat(hex("Float32", "1.5")).isEqualTo(le(Float.floatToIntBits(1.5f), 4));
        assertThat(hex("Float64", "1.5")).isEqualTo(le(Double.doubleToLongBits(1.5), 8));
        assertThat(hex("Float64", "3")).isEqualTo(le(Double.doubleToLongBits(3.0), 8));
        assertThat(hex("Float64", "-0.1")).isEqualTo(le(Double.doubleToLongBits(-0.1), 8));
        assertThat(hex("Float32", "0.1")).isEqualTo(le(Float.floatToIntBits(0.1f), 4));
        assertThat(hex("Float64", "1.7976931348623157e308")).isEqualTo(le(Double.doubleToLongBits(Double.MAX_VALUE), 8));
    }

    @Test
    void readsFloatsWrittenAsStringsIncludingNanAndInfinity() throws Exception {
        assertThat(hex("Float64", "\"2.5\"")).isEqualTo(le(Double.doubleToLongBits(2.5), 8));
        assertThat(hex("Float64", "\"nan\"")).isEqualTo(le(Double.doubleToLongBits(Double.NaN), 8));
        assertThat(hex("Float64", "\"NaN\"")).isEqualTo(le(Double.doubleToLongBits(Double.NaN), 8));
        assertThat(hex("Float64", "\"inf\"")).isEqualTo(le(Double.doubleToLongBits(Double.POSITIVE_INFINITY), 8));
        assertThat(hex("Float32", "\"-Infinity\"")).isEqualTo(le(Float.floatToIntBits(Float.NEGATIVE_INFINITY), 4));
    }

    @Test
    void rejectsFloatsTooLargeForTheirType() {
        assertThat(reason("Float32", "1e39")).isEqualTo("1e39 is out of range for Float32");
        assertThat(reason("Float64", "1e400")).isEqualTo("1e400 is out of range for Float64");
    }

    @Test
    void rejectsStringsThatJavaWouldParseButJsonDoesNotCallNumbers() {
        assertThat(reason("Float64", "\"1d\"")).isEqualTo("\"1d\" is not a number, as Float64 needs");
        assertThat(reason("Float64", "\"0x1p3\"")).isEqualTo("\"0x1p3\" is not a number, as Float64 needs");
        assertThat(reason("Float64", "\" 1\"")).isEqualTo("\" 1\" is not a number, as Float64 needs");
        assertThat(reason("Float64", "\"abc\"")).isEqualTo("\"abc\" is not a number, as Float64 needs");
    }

    @Test
    void writesDecimalsAsTheirExactUnscaledValue() throws Exception {
        assertThat(hex("Decimal(9, 2)", "12.34")).isEqualTo(le(1234, 4));
        // The same bytes ClickHouse 18.16 itself gives toDecimal32(-1.5, 2) in RowBinary.
        assertThat(hex("Decimal(9, 2)", "-1.5")).isEqualTo("6affffff");
        assertThat(hex("Decimal(9, 2)", "7")).isEqualTo(le(700, 4));
        assertThat(hex("Decimal(9, 2)", "1E+2")).isEqualTo(le(10000, 4));
        assertThat(hex("Decimal(9, 2)", "\"12.34\"")).isEqualTo(le(1234, 4));
        assertThat(hex("Decimal(18, 4)", "123456789012.3456")).isEqualTo(le(1234567890123456L, 8));
    }

    @Test
    void keepsDecimalsExactWhereADoubleWouldNot() throws Exception {
        assertThat(hex("Decimal(18, 17)", "0.12345678901234567")).isEqualTo(le(12345678901234567L, 8));
        assertThat(hex("Decimal(9, 1)", "0.1")).isEqualTo(le(1, 4));
    }

    @Test
    void writesWideDecimalsAsSixteenByteTwosComplement() throws Exception {
        BigInteger big = new BigInteger("12345678901234567890123456789");
        assertThat(hex("Decimal(38, 10)", "1234567890123456789.0123456789")).isEqualTo(le(big, 16));
        assertThat(hex("Decimal(38, 10)", "-1234567890123456789.0123456789")).isEqualTo(le(big.negate(), 16));
        assertThat(hex("Decimal(38, 0)", "99999999999999999999999999999999999999"))
                .isEqualTo(le(BigInteger.TEN.pow(38).subtract(BigInteger.ONE), 16));
        assertThat(hex("Decimal(20, 0)", "-1")).isEqualTo("ff".repeat(16));
    }

    @Test
    void acceptsTrailingZerosBeyondTheScale() throws Exception {
        assertThat(hex("Decimal(9, 1)", "1.50")).isEqualTo(le(15, 4));
    }

    @Test
    void rejectsDecimalPlacesTheColumnWouldHaveToRoundAway() {
        assertThat(reason("Decimal(9, 2)", "12.345")).isEqualTo(
                "12.345 has more than 2 decimal places, as Decimal(9, 2) keeps; round it before it reaches the sink");
        assertThat(reason("Decimal(9, 2)", "1e-999999999")).contains("has more than 2 decimal places");
    }

    @Test
    void rejectsDecimalsWithTooManyDigitsBeforeThePoint() {
        assertThat(reason("Decimal(9, 2)", "10000000")).isEqualTo(
                "10000000 is out of range for Decimal(9, 2) (at most 7 digits before the decimal point)");
        assertThat(reason("Decimal(38, 0)", "100000000000000000000000000000000000000")).contains("out of range");
        assertThat(reason("Decimal(9, 2)", "1e999999999")).contains("out of range");
    }

    @Test
    void rejectsDecimalStringsThatAreNotNumbers() {
        assertThat(reason("Decimal(9, 2)", "\"12,34\"")).isEqualTo("\"12,34\" is not a number, as Decimal(9, 2) needs");
        assertThat(reason("Decimal(9, 2)", "\".5\"")).isEqualTo("\".5\" is not a number, as Decimal(9, 2) needs");
    }

}

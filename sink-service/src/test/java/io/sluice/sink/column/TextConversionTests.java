package io.sluice.sink.column;

import static io.sluice.sink.column.Encoding.hex;
import static io.sluice.sink.column.Encoding.reason;
import static io.sluice.sink.column.Encoding.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextConversionTests {

    @Test
    void writesStringsAsLengthPrefixedUtf8() throws Exception {
        assertThat(hex("String", "\"abc\"")).isEqualTo("03616263");
        assertThat(hex("String", "\"\"")).isEqualTo("00");
    }

    @Test
    void encodesEveryUtf8LengthIncludingSurrogatePairs() throws Exception {
        assertThat(hex("String", "\"é\"")).isEqualTo("02" + utf8("é"));
        assertThat(hex("String", "\"日本\"")).isEqualTo("06" + utf8("日本"));
        assertThat(hex("String", "\"😀\"")).isEqualTo("04f09f9880");
        assertThat(hex("String", "\"\\ud83d\\ude00\"")).isEqualTo("04f09f9880");
        assertThat(hex("String", "\"a\\u00e9\\u65e5\"")).isEqualTo("06" + utf8("aé日"));
    }

    @Test
    void decodesJsonEscapes() throws Exception {
        assertThat(hex("String", "\"a\\\"b\\n\\\\\"")).isEqualTo("05" + utf8("a\"b\n\\"));
    }

    @Test
    void writesTheLengthOfLongStringsAsMultiByteLeb128() throws Exception {
        String text = "x".repeat(300);
        assertThat(hex("String", "\"" + text + "\"")).isEqualTo("ac02" + utf8(text));
    }

    @Test
    void rejectsLoneSurrogatesRatherThanStoringQuestionMarks() {
        assertThat(reason("String", "\"a\\ud800\"")).isEqualTo("the text holds a lone surrogate \\ud800, which is not valid Unicode");
        assertThat(reason("String", "\"\\udc00b\"")).isEqualTo("the text holds a lone surrogate \\udc00, which is not valid Unicode");
    }

    @Test
    void storesNumbersAndBooleansAsTheirJsonText() throws Exception {
        assertThat(hex("String", "12.50")).isEqualTo("05" + utf8("12.50"));
        assertThat(hex("String", "-7")).isEqualTo("02" + utf8("-7"));
        assertThat(hex("String", "true")).isEqualTo("04" + utf8("true"));
    }

    @Test
    void storesObjectsAndArraysAsCompactJsonText() throws Exception {
        assertThat(hex("String", "{ \"a\" : [1, \"é\"] }")).isEqualTo("0e" + utf8("{\"a\":[1,\"é\"]}"));
        assertThat(hex("String", "[ ]")).isEqualTo("02" + utf8("[]"));
    }

    @Test
    void padsFixedStringsWithZeroBytes() throws Exception {
        assertThat(hex("FixedString(4)", "\"ab\"")).isEqualTo("61620000");
        assertThat(hex("FixedString(4)", "\"abcd\"")).isEqualTo("61626364");
        assertThat(hex("FixedString(4)", "\"éé\"")).isEqualTo(utf8("éé"));
        assertThat(hex("FixedString(3)", "\"\"")).isEqualTo("000000");
    }

    @Test
    void rejectsTextLongerThanAFixedStringCountingUtf8Bytes() {
        assertThat(reason("FixedString(4)", "\"abcde\"")).isEqualTo("the text is 5 bytes in UTF-8, longer than FixedString(4) holds");
        assertThat(reason("FixedString(4)", "\"ééé\"")).isEqualTo("the text is 6 bytes in UTF-8, longer than FixedString(4) holds");
    }

    @Test
    void writesUuidsAsTwoLittleEndianHalvesLikeClickHouse() throws Exception {
        // ClickHouse 18.16: SELECT toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0') FORMAT RowBinary
        assertThat(hex("UUID", "\"61f0c404-5cb3-11e7-907b-a6006ad3dba0\"")).isEqualTo("e711b35c04c4f061a0dbd36a00a67b90");
        assertThat(hex("UUID", "\"61F0C404-5CB3-11E7-907B-A6006AD3DBA0\"")).isEqualTo("e711b35c04c4f061a0dbd36a00a67b90");
        assertThat(hex("UUID", "\"00000000-0000-0000-0000-000000000000\"")).isEqualTo("00".repeat(16));
    }

    @Test
    void rejectsAnythingButTheCanonicalUuidForm() {
        String expected = " is not a UUID (8-4-4-4-12 hexadecimal digits, like 61f0c404-5cb3-11e7-907b-a6006ad3dba0)";
        assertThat(reason("UUID", "\"61f0c4045cb311e7907ba6006ad3dba0\"")).isEqualTo("\"61f0c4045cb311e7907ba6006ad3dba0\"" + expected);
        assertThat(reason("UUID", "\"61f0c404-5cb3-11e7-907b-a6006ad3dbaz\"")).endsWith(expected);
        assertThat(reason("UUID", "\"{61f0c404-5cb3-11e7-907b-a6006ad3dba}\"")).endsWith(expected);
        assertThat(reason("UUID", "\"61f0c404+5cb3-11e7-907b-a6006ad3dba0\"")).endsWith(expected);
        assertThat(reason("UUID", "123")).isEqualTo("expected a string for UUID, got a number 123");
    }

    @Test
    void writesEnumsByNameOrByValue() throws Exception {
        String type = "Enum8('a' = 1, 'b' = -2)";
        assertThat(hex(type, "\"a\"")).isEqualTo("01");
        assertThat(hex(type, "\"b\"")).isEqualTo("fe");
        assertThat(hex(type, "1")).isEqualTo("01");
        assertThat(hex(type, "-2")).isEqualTo("fe");
        assertThat(hex("Enum16('z' = 1000)", "\"z\"")).isEqualTo("e803");
    }

    @Test
    void rejectsUnknownEnumNamesAndValues() {
        String type = "Enum8('a' = 1, 'b' = -2)";
        assertThat(reason(type, "\"c\"")).isEqualTo("\"c\" is not one of the names of Enum8('b' = -2, 'a' = 1)");
        assertThat(reason(type, "\"A\"")).isEqualTo("\"A\" is not one of the names of Enum8('b' = -2, 'a' = 1)");
        assertThat(reason(type, "3")).isEqualTo("3 is not one of the values of Enum8('b' = -2, 'a' = 1)");
        assertThat(reason(type, "99999999999999999999")).contains("is not one of the values");
        assertThat(reason(type, "1.0")).isEqualTo("expected a name or a number for Enum8, got a number 1.0");
    }

    @Test
    void writesBoolsFromBooleansOnesAndZerosAndTheirText() throws Exception {
        assertThat(hex("Bool", "true")).isEqualTo("01");
        assertThat(hex("Bool", "false")).isEqualTo("00");
        assertThat(hex("Bool", "1")).isEqualTo("01");
        assertThat(hex("Bool", "0")).isEqualTo("00");
        assertThat(hex("Bool", "\"true\"")).isEqualTo("01");
        assertThat(hex("Bool", "\"false\"")).isEqualTo("00");
    }

    @Test
    void rejectsOtherValuesForBools() {
        assertThat(reason("Bool", "2")).isEqualTo("2 is not a boolean (true, false, 1 or 0)");
        assertThat(reason("Bool", "\"yes\"")).isEqualTo("\"yes\" is not a boolean (true, false, 1 or 0)");
        assertThat(reason("Bool", "[]")).isEqualTo("expected a boolean for Bool, got an array");
    }

    @Test
    void shortensLongValuesInReasons() {
        String reason = reason("UInt8", "\"" + "9".repeat(200) + "\"");
        assertThat(reason).hasSizeLessThan(120).contains("…");
    }

}

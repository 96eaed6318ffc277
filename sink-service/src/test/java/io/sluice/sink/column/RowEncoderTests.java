package io.sluice.sink.column;

import static io.sluice.sink.column.Encoding.encode;
import static io.sluice.sink.column.Encoding.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import io.sluice.model.clickhouse.ClickHouseType;
import org.junit.jupiter.api.Test;

class RowEncoderTests {

    private static ColumnBinding binding(String field, String column, String type) {
        return new ColumnBinding(field, column, ClickHouseType.parse(type));
    }

    private static RowEncoder encoder(ColumnBinding... bindings) {
        return RowEncoder.compile(List.of(bindings), ZoneOffset.UTC);
    }

    @Test
    void writesColumnsInTheOrderOfTheBindingsWhateverTheOrderOfTheJson() throws Exception {
        RowEncoder encoder = encoder(binding("a", "a", "UInt8"), binding("b", "b", "UInt8"));

        assertThat(encode(encoder, "{\"b\": 2, \"a\": 1}")).isEqualTo("0102");
        assertThat(encoder.columns()).containsExactly("a", "b");
    }

    @Test
    void readsNestedFieldsByDotPath() throws Exception {
        RowEncoder encoder = encoder(binding("user.id", "user_id", "UInt64"), binding("a.b.c", "deep", "String"));

        assertThat(encode(encoder, "{\"a\": {\"x\": 1, \"b\": {\"c\": \"z\"}}, \"user\": {\"name\": \"n\", \"id\": 7}}"))
                .isEqualTo("0700000000000000" + "017a");
    }

    @Test
    void skipsFieldsThatAreNotMappedWhateverTheyHold() throws Exception {
        RowEncoder encoder = encoder(binding("id", "id", "UInt8"));

        assertThat(encode(encoder, "{\"x\": {\"id\": 9, \"y\": [1, {\"z\": null}]}, \"s\": \"é\", \"id\": 3, \"n\": 1e400}"))
                .isEqualTo("03");
    }

    @Test
    void rejectsAMissingFieldForAColumnThatIsNotNullable() {
        RowEncoder encoder = encoder(binding("id", "id", "UInt8"), binding("user.id", "user_id", "UInt64"));

        assertThatThrownBy(() -> encode(encoder, "{\"id\": 1}"))
                .isInstanceOfSatisfying(ConversionException.class, (ex) -> {
                    assertThat(ex.field()).isEqualTo("user.id");
                    assertThat(ex.column()).isEqualTo("user_id");
                    assertThat(ex.reason()).isEqualTo("missing, and the column is UInt64, not Nullable");
                    assertThat(ex.getMessage()).isEqualTo(
                            "field \"user.id\" (column user_id): missing, and the column is UInt64, not Nullable");
                });
    }

    @Test
    void rejectsANullForAColumnThatIsNotNullable() {
        RowEncoder encoder = encoder(binding("id", "id", "UInt8"));

        assertThatThrownBy(() -> encode(encoder, "{\"id\": null}"))
                .hasMessage("field \"id\" (column id): null, and the column is UInt8, not Nullable");
    }

    @Test
    void writesNullForAMissingFieldOfANullableColumn() throws Exception {
        RowEncoder encoder = encoder(binding("id", "id", "UInt8"), binding("note", "note", "Nullable(String)"));

        assertThat(encode(encoder, "{\"id\": 1}")).isEqualTo("0101");
    }

    @Test
    void writesTheTypeDefaultForAMissingFieldWhenTheBindingAsksForIt() throws Exception {
        RowEncoder encoder = RowEncoder.compile(List.of(
                new ColumnBinding("id", "id", ClickHouseType.parse("UInt8")),
                new ColumnBinding("n", "n", ClickHouseType.parse("Int32"), WhenMissing.TYPE_DEFAULT),
                new ColumnBinding("s", "s", ClickHouseType.parse("String"), WhenMissing.TYPE_DEFAULT),
                new ColumnBinding("e", "e", ClickHouseType.parse("Enum8('b' = 2, 'c' = -5)"), WhenMissing.TYPE_DEFAULT),
                new ColumnBinding("t", "t", ClickHouseType.parse("Nullable(UInt8)"), WhenMissing.TYPE_DEFAULT)),
                ZoneOffset.UTC);

        assertThat(encode(encoder, "{\"id\": 1, \"s\": null}")).isEqualTo("01" + "00000000" + "00" + "fb" + "01");
    }

    @Test
    void treatsAPathThroughSomethingOtherThanAnObjectAsMissing() throws Exception {
        RowEncoder encoder = encoder(binding("user.id", "user_id", "Nullable(UInt8)"));

        assertThat(encode(encoder, "{\"user\": \"someone\"}")).isEqualTo("01");
        assertThat(encode(encoder, "{\"user\": [{\"id\": 1}]}")).isEqualTo("01");
        assertThat(encode(encoder, "{\"user\": null}")).isEqualTo("01");
    }

    @Test
    void keepsTheLastValueOfARepeatedKey() throws Exception {
        RowEncoder encoder = encoder(binding("id", "id", "Nullable(UInt8)"));

        assertThat(encode(encoder, "{\"id\": 1, \"id\": 2}")).isEqualTo("0002");
        assertThat(encode(encoder, "{\"id\": 1, \"id\": null}")).isEqualTo("01");
    }

    @Test
    void writesOneFieldToSeveralColumns() throws Exception {
        RowEncoder encoder = encoder(binding("ts", "day", "Date"), binding("ts", "at", "DateTime"),
                binding("tags", "tags", "Array(String)"), binding("tags", "tags_json", "String"));

        assertThat(encode(encoder, "{\"tags\": [\"a\"], \"ts\": \"2020-01-02T03:04:05Z\"}"))
                .isEqualTo("5747" + Encoding.seconds("2020-01-02T03:04:05Z") + "010161" + "05" + utf8("[\"a\"]"));
    }

    @Test
    void writesAnObjectToAColumnAndItsFieldsToOthers() throws Exception {
        RowEncoder encoder = encoder(binding("user", "user_json", "String"), binding("user.id", "user_id", "UInt8"));

        assertThat(encode(encoder, "{\"user\": {\"id\": 4}}")).isEqualTo("08" + utf8("{\"id\":4}") + "04");
    }

    @Test
    void rejectsRecordsThatAreNotJsonObjects() {
        RowEncoder encoder = encoder(binding("id", "id", "UInt8"));

        assertThatThrownBy(() -> encode(encoder, "[1]")).isInstanceOfSatisfying(ConversionException.class, (ex) -> {
            assertThat(ex.field()).isNull();
            assertThat(ex.getMessage()).isEqualTo("the record is not a JSON object");
        });
        assertThatThrownBy(() -> encode(encoder, "42")).hasMessage("the record is not a JSON object");
        assertThatThrownBy(() -> encode(encoder, "")).hasMessage("the record is not a JSON object");
    }

    @Test
    void rejectsRecordsThatAreNotValidJson() {
        RowEncoder encoder = encoder(binding("id", "id", "UInt8"));

        assertThatThrownBy(() -> encode(encoder, "{\"id\": 1")).hasMessageStartingWith("the record is not valid JSON: ");
        assertThatThrownBy(() -> encode(encoder, "{\"id\": 1} x")).hasMessageStartingWith("the record is not valid JSON: ");
        assertThatThrownBy(() -> encode(encoder, "{\"id\": 1}{}")).hasMessage("the record has more after its JSON object");
    }

    @Test
    void rejectsInvalidUtf8() {
        RowEncoder encoder = encoder(binding("s", "s", "String"));
        byte[] json = { '{', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };

        assertThatThrownBy(() -> encoder.encode(json, new BinaryBuffer())).hasMessageStartingWith("the record is not valid JSON: ");
    }

    @Test
    void leavesTheBlockUntouchedWhenARowFailsAndGoesOnWithTheNext() throws Exception {
        RowEncoder encoder = encoder(binding("id", "id", "UInt8"), binding("s", "s", "String"));
        BinaryBuffer block = new BinaryBuffer();
        encoder.encode(bytes("{\"id\": 1, \"s\": \"a\"}"), block);

        assertThatThrownBy(() -> encoder.encode(bytes("{\"id\": 2, \"s\": 5, \"x\": 1, \"id\": 300}"), block))
                .isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> encoder.encode(bytes("{\"id\": 2}"), block)).isInstanceOf(ConversionException.class);
        encoder.encode(bytes("{\"s\": \"b\", \"id\": 3}"), block);

        assertThat(HexFormat.of().formatHex(block.toByteArray())).isEqualTo("01" + "0161" + "03" + "0162");
    }

    @Test
    void refusesToBindAColumnTwice() {
        assertThatThrownBy(() -> encoder(binding("a", "c", "UInt8"), binding("b", "c", "UInt8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("column c is mapped twice");
    }

    @Test
    void refusesMalformedFieldPaths() {
        assertThatThrownBy(() -> encoder(binding("user..id", "c", "UInt8"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder(binding(".id", "c", "UInt8"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder(binding("", "c", "UInt8"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

}

package io.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.FieldType;
import io.sluice.model.key.KeyEncoding;
import org.junit.jupiter.api.Test;

class RecordParserTests {

    private final RecordParser orders = RecordParser.of(List.of(
            new FieldDefinition("order_id", FieldType.STRING),
            new FieldDefinition("amount", FieldType.FLOAT),
            new FieldDefinition("quantity", FieldType.INT),
            new FieldDefinition("paid", FieldType.BOOL),
            new FieldDefinition("tags", FieldType.ARRAY),
            new FieldDefinition("meta", FieldType.OBJECT),
            new FieldDefinition("at", FieldType.TIMESTAMP),
            new FieldDefinition("user.id", FieldType.INT)), List.of("order_id"));

    private final RecordParser byUser = RecordParser.of(List.of(
            new FieldDefinition("user.id", FieldType.INT),
            new FieldDefinition("user.region", FieldType.STRING),
            new FieldDefinition("price", FieldType.FLOAT),
            new FieldDefinition("at", FieldType.TIMESTAMP),
            new FieldDefinition("vip", FieldType.BOOL)), List.of("user.region", "user.id"));

    @Test
    void acceptsARecordWithEveryFieldOfItsDeclaredType() throws Exception {
        byte[] key = orders.parse(json("""
                {"order_id":"o-1","amount":12.5,"quantity":3,"paid":true,"tags":["a",{"b":1}],
                 "meta":{"x":[1,2]},"at":"2024-05-01T12:00:00Z","user":{"id":7,"name":"Ann"},"extra":{"deep":[null]}}
                """));

        assertThat(KeyEncoding.decode(key)).containsExactly("o-1");
    }

    @Test
    void acceptsMissingAndNullNonKeyFields() throws Exception {
        assertThat(KeyEncoding.decode(orders.parse(json("{\"order_id\":\"o-2\",\"amount\":null}")))).containsExactly("o-2");
    }

    @Test
    void acceptsAnIntegerWhereTheSchemaSaysFloatAndANumberOrStringAsTimestamp() throws Exception {
        orders.parse(json("{\"order_id\":\"o\",\"amount\":12,\"at\":1714564800000}"));
        orders.parse(json("{\"order_id\":\"o\",\"at\":\"yesterday-ish\"}"));
    }

    @Test
    void returnsNoKeyForASourceWithoutDedup() throws Exception {
        RecordParser noKey = RecordParser.of(List.of(new FieldDefinition("id", FieldType.INT)), List.of());

        assertThat(noKey.hasKey()).isFalse();
        assertThat(noKey.parse(json("{\"id\":1}"))).isNull();
    }

    @Test
    void refusesInvalidJsonWithWhereItBroke() {
        assertReason(orders, "{\"order_id\":\"o-1\",", "not valid JSON: ");
        assertReason(orders, "{\"order_id\": o-1}", "not valid JSON: ");
        assertReason(orders, "{\"order_id\":\"o\",\"amount\":NaN}", "not valid JSON: ");
        assertThatThrownBy(() -> orders.parse(json("{\"order_id\":\"o-1\"} {}")))
                .hasMessageContaining("more content after the object");
    }

    @Test
    void reasonForATruncatedRecordLeavesOutJacksonsSourceText() {
        assertThatThrownBy(() -> orders.parse(json("{\"order_id\":\"o-1\",\"meta\":{\"x\":1}")))
                .hasMessage("not valid JSON: Unexpected end-of-input: expected close marker for Object"
                        + " at byte 32");
    }

    @Test
    void refusesInvalidJsonInFieldsOutsideTheSchemaToo() {
        assertReason(orders, "{\"order_id\":\"o\",\"other\":{\"a\":[1,}}", "not valid JSON: ");
    }

    @Test
    void refusesAnEmptyRecordOrATombstone() {
        assertThatThrownBy(() -> orders.parse(new byte[0])).hasMessage("not valid JSON: the record is empty");
        assertThatThrownBy(() -> orders.parse(null)).hasMessage("not valid JSON: the record is empty");
    }

    @Test
    void refusesJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> orders.parse(json("[1,2]"))).hasMessage("not a JSON object: the record is array");
        assertThatThrownBy(() -> orders.parse(json("\"text\""))).hasMessage("not a JSON object: the record is string");
        assertThatThrownBy(() -> orders.parse(json("42"))).hasMessage("not a JSON object: the record is int");
    }

    @Test
    void refusesInvalidUtf8AnywhereInTheRecord() {
        byte[] bytes = "{\"order_id\":\"o\",\"note\":\"caf??\"}".getBytes(StandardCharsets.US_ASCII);
        bytes[27] = (byte) 0xc3;
        bytes[28] = (byte) 0x28; // not a continuation byte

        assertThatThrownBy(() -> orders.parse(bytes)).hasMessage("not valid JSON: invalid UTF-8 at byte 27");
    }

    @Test
    void refusesAFieldOfTheWrongTypeNamingItsPath() {
        assertThatThrownBy(() -> orders.parse(json("{\"order_id\":\"o\",\"user\":{\"id\":\"7\"}}")))
                .hasMessage("field user.id is string, schema says int");
        assertThatThrownBy(() -> orders.parse(json("{\"order_id\":\"o\",\"quantity\":2.5}")))
                .hasMessage("field quantity is float, schema says int");
        assertThatThrownBy(() -> orders.parse(json("{\"order_id\":\"o\",\"paid\":\"yes\"}")))
                .hasMessage("field paid is string, schema says bool");
        assertThatThrownBy(() -> orders.parse(json("{\"order_id\":\"o\",\"tags\":{}}")))
                .hasMessage("field tags is object, schema says array");
        assertThatThrownBy(() -> orders.parse(json("{\"order_id\":\"o\",\"at\":true}")))
                .hasMessage("field at is bool, schema says timestamp");
    }

    @Test
    void checksEveryOccurrenceOfARepeatedNameAndKeysOnTheLast() throws Exception {
        assertThatThrownBy(() -> orders.parse(json("{\"order_id\":\"a\",\"order_id\":1}")))
                .hasMessage("field order_id is int, schema says string");
        assertThat(KeyEncoding.decode(orders.parse(json("{\"order_id\":\"a\",\"order_id\":\"b\"}")))).containsExactly("b");
    }

    @Test
    void refusesARecordWithoutItsKeyOrWithANullKey() {
        assertThatThrownBy(() -> orders.parse(json("{\"amount\":1.5}"))).hasMessage("missing key field order_id");
        assertThatThrownBy(() -> orders.parse(json("{\"order_id\":null}"))).hasMessage("key field order_id is null");
        assertThatThrownBy(() -> byUser.parse(json("{\"user\":{\"id\":1}}"))).hasMessage("missing key field user.region");
        assertThatThrownBy(() -> byUser.parse(json("{\"user\":\"ann\"}"))).hasMessage("missing key field user.region");
    }

    @Test
    void encodesCompositeNestedKeysInKeyOrder() throws Exception {
        byte[] key = byUser.parse(json("{\"user\":{\"id\":42,\"region\":\"eu\"},\"price\":1}"));

        assertThat(KeyEncoding.decode(key)).containsExactly("eu", "42");
        assertThat(key).isEqualTo(new byte[] {0, 0, 0, 2, 'e', 'u', 0, 0, 0, 2, '4', '2'});
    }

    @Test
    void givesEqualValuesEqualKeysWhateverTheirJsonSpelling() throws Exception {
        RecordParser byPrice = RecordParser.of(List.of(new FieldDefinition("price", FieldType.FLOAT),
                new FieldDefinition("name", FieldType.STRING), new FieldDefinition("n", FieldType.INT)),
                List.of("price", "name", "n"));

        byte[] plain = byPrice.parse(json("{\"price\":1,\"name\":\"ab\",\"n\":0}"));

        assertThat(byPrice.parse(json("{\"price\":1.0,\"name\":\"a\\u0062\",\"n\":-0}"))).isEqualTo(plain);
        assertThat(byPrice.parse(json("{\"n\":0,\"name\":\"ab\",\"price\":10e-1}"))).isEqualTo(plain);
        assertThat(byPrice.parse(json("{\"price\":1.5,\"name\":\"ab\",\"n\":0}"))).isNotEqualTo(plain);
    }

    @Test
    void keepsKeysOfAdjacentValuesApart() throws Exception {
        RecordParser twoStrings = RecordParser.of(List.of(new FieldDefinition("a", FieldType.STRING),
                new FieldDefinition("b", FieldType.STRING)), List.of("a", "b"));

        assertThat(twoStrings.parse(json("{\"a\":\"ab\",\"b\":\"c\"}")))
                .isNotEqualTo(twoStrings.parse(json("{\"a\":\"a\",\"b\":\"bc\"}")));
    }

    @Test
    void encodesBooleansAndTimestampsAsTheirText() throws Exception {
        assertThat(KeyEncoding.decode(byUserAndFlag().parse(json("{\"vip\":true,\"at\":1.50e3}"))))
                .containsExactly("true", "1.5E+3");
        assertThat(KeyEncoding.decode(byUserAndFlag().parse(json("{\"vip\":false,\"at\":\"2024-05-01\"}"))))
                .containsExactly("false", "2024-05-01");
    }

    @Test
    void refusesAKeyFieldThatIsNotAScalar() {
        RecordParser untyped = RecordParser.of(List.of(), List.of("id"));

        assertThatThrownBy(() -> untyped.parse(json("{\"id\":[1]}")))
                .hasMessage("key field id is array, a key field must be a string, number or bool");
    }

    private RecordParser byUserAndFlag() {
        return RecordParser.of(List.of(new FieldDefinition("vip", FieldType.BOOL),
                new FieldDefinition("at", FieldType.TIMESTAMP)), List.of("vip", "at"));
    }

    private static void assertReason(RecordParser parser, String json, String prefix) {
        assertThatThrownBy(() -> parser.parse(json(json))).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith(prefix).hasMessageContaining(" at byte ");
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

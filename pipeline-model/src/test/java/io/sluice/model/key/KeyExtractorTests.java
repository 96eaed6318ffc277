package io.sluice.model.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.FieldType;
import io.sluice.model.definition.Schema;
import io.sluice.model.key.KeyEncoding;
import org.junit.jupiter.api.Test;

class KeyExtractorTests {

    private static final Schema SCHEMA = new Schema(List.of(new FieldDefinition("id", FieldType.STRING),
            new FieldDefinition("count", FieldType.INT), new FieldDefinition("n", FieldType.FLOAT),
            new FieldDefinition("user.id", FieldType.INT)));

    @Test
    void makesTheBytesIngestMakesForTheSameEvent() {
        // What ingest's RecordParser stores in BatchRecord.key for this event (its tests pin the same encoding).
        KeyExtractor extractor = new KeyExtractor(List.of("id", "count", "n", "flag"), SCHEMA);

        assertThat(key(extractor, "{\"id\":\"A-1\",\"count\":-0,\"n\":100,\"flag\":true}"))
            .isEqualTo(KeyEncoding.encode(List.of("A-1", "0", "1E+2", "true")));
    }

    @Test
    void sameValuesGiveSameKeyWhateverElseTheEventsHold() {
        KeyExtractor extractor = new KeyExtractor(List.of("order.id"), null);

        assertThat(key(extractor, "{\"order\":{\"id\":\"A-1\",\"total\":3},\"note\":\"first\"}"))
            .isEqualTo(key(extractor, "{\"note\":\"second\",\"order\":{\"total\":5,\"id\":\"A-1\"}}"));
    }

    @Test
    void differentValuesGiveDifferentKeys() {
        KeyExtractor extractor = new KeyExtractor(List.of("id"), SCHEMA);

        assertThat(key(extractor, "{\"id\":\"A-1\"}")).isNotEqualTo(key(extractor, "{\"id\":\"A-2\"}"));
    }

    @Test
    void valuesThatRunIntoEachOtherCannotMakeTwoKeysCollide() {
        KeyExtractor extractor = new KeyExtractor(List.of("a", "b"), null);

        assertThat(key(extractor, "{\"a\":\"x|y\",\"b\":\"z\"}")).isNotEqualTo(key(extractor, "{\"a\":\"x\",\"b\":\"y|z\"}"));
        assertThat(key(extractor, "{\"a\":\"xy\",\"b\":\"\"}")).isNotEqualTo(key(extractor, "{\"a\":\"x\",\"b\":\"y\"}"));
        assertThat(key(extractor, "{\"a\":\"\",\"b\":\"s\\u0001z\"}"))
            .isNotEqualTo(key(extractor, "{\"a\":\"s\\u0001z\",\"b\":\"\"}"));
    }

    @Test
    void numbersOfANonIntFieldEqualInValueGiveTheSameKey() {
        KeyExtractor extractor = new KeyExtractor(List.of("n"), SCHEMA);

        byte[] one = key(extractor, "{\"n\":1}");
        assertThat(key(extractor, "{\"n\":1.0}")).isEqualTo(one);
        assertThat(key(extractor, "{\"n\":1.000}")).isEqualTo(one);
        assertThat(key(extractor, "{\"n\":1e0}")).isEqualTo(one);
        assertThat(key(extractor, "{\"n\":0.1e1}")).isEqualTo(one);
        assertThat(key(extractor, "{\"n\":100}")).isEqualTo(key(extractor, "{\"n\":1e2}"));
        assertThat(key(extractor, "{\"n\":0}")).isEqualTo(key(extractor, "{\"n\":-0.0}"));
        assertThat(key(extractor, "{\"n\":12345678901234567890123}"))
            .isEqualTo(key(extractor, "{\"n\":1.2345678901234567890123e22}"));
    }

    @Test
    void anIntFieldKeepsItsDigits() {
        KeyExtractor extractor = new KeyExtractor(List.of("count"), SCHEMA);

        assertThat(KeyEncoding.decode(key(extractor, "{\"count\":100}"))).containsExactly("100");
        assertThat(KeyEncoding.decode(key(extractor, "{\"count\":-0}"))).containsExactly("0");
        assertThat(KeyEncoding.decode(key(extractor, "{\"count\":123456789012345678901234567890}")))
            .containsExactly("123456789012345678901234567890");
    }

    @Test
    void numbersDifferingBeyondDoublePrecisionGiveDifferentKeys() {
        KeyExtractor extractor = new KeyExtractor(List.of("n"), SCHEMA);

        assertThat(key(extractor, "{\"n\":0.1}")).isNotEqualTo(key(extractor, "{\"n\":0.10000000000000000001}"));
        assertThat(key(extractor, "{\"n\":9007199254740993}")).isNotEqualTo(key(extractor, "{\"n\":9007199254740992}"));
    }

    @Test
    void hugeExponentStaysShort() {
        KeyExtractor extractor = new KeyExtractor(List.of("n"), SCHEMA);

        assertThat(key(extractor, "{\"n\":1e999999}")).hasSizeLessThan(20);
    }

    @Test
    void keyFieldsAreTakenInDefinitionOrder() {
        String event = "{\"a\":\"1\",\"b\":\"2\"}";

        assertThat(key(new KeyExtractor(List.of("a", "b"), null), event))
            .isNotEqualTo(key(new KeyExtractor(List.of("b", "a"), null), event));
    }

    @Test
    void stringsAreComparedByTheirExactUtf8Bytes() {
        KeyExtractor extractor = new KeyExtractor(List.of("name"), null);

        byte[] key = key(extractor, "{\"name\":\"Zoë\"}");

        assertThat(new String(key, 4, key.length - 4, StandardCharsets.UTF_8)).isEqualTo("Zoë");
        assertThat(key(extractor, "{\"name\":\"Zoe\\u0308\"}")).isNotEqualTo(key);
    }

    @Test
    void topLevelFieldNamedWithADotIsFoundLikeTheFilterFindsIt() {
        KeyExtractor extractor = new KeyExtractor(List.of("user.id"), SCHEMA);

        assertThat(key(extractor, "{\"user.id\":7}")).isEqualTo(key(extractor, "{\"user\":{\"id\":7}}"));
    }

    @Test
    void missingOrNullKeyFieldIsNamedInTheReasonAsIngestNamesIt() {
        KeyExtractor extractor = new KeyExtractor(List.of("order.id", "user.id"), SCHEMA);

        assertThatThrownBy(() -> key(extractor, "{\"order\":{\"id\":1},\"user\":{\"name\":\"x\"}}"))
            .isInstanceOf(InvalidEventException.class)
            .hasMessage("missing key field user.id");
        assertThatThrownBy(() -> key(extractor, "{\"order\":{\"id\":1},\"user\":\"flat\"}"))
            .hasMessage("missing key field user.id");
        assertThatThrownBy(() -> key(extractor, "{\"order\":{\"id\":1},\"user\":{\"id\":null}}"))
            .hasMessage("key field user.id is null");
    }

    @Test
    void objectOrArrayKeyFieldIsRejectedWithItsKind() {
        KeyExtractor extractor = new KeyExtractor(List.of("id"), SCHEMA);

        assertThatThrownBy(() -> key(extractor, "{\"id\":{\"a\":1}}"))
            .hasMessage("key field id is object, a key field must be a string, number or bool");
        assertThatThrownBy(() -> key(extractor, "{\"id\":[1,2]}"))
            .hasMessage("key field id is array, a key field must be a string, number or bool");
    }

    @Test
    void emptyStringIsAKeyNotAMissingField() {
        KeyExtractor extractor = new KeyExtractor(List.of("id"), SCHEMA);

        assertThat(key(extractor, "{\"id\":\"\"}")).isEqualTo(KeyEncoding.encode(List.of("")));
    }

    @Test
    void definitionWithoutKeyFieldsIsRefused() {
        assertThatThrownBy(() -> new KeyExtractor(List.of(), SCHEMA)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] key(KeyExtractor extractor, String json) {
        return extractor.canonicalKey(EventFields.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aJoinKeysReasonsNameTheJoinKey() {
        KeyExtractor extractor = new KeyExtractor(List.of("order"), null, "join key");

        assertThatThrownBy(() -> extractor.canonicalKey(EventFields.parse("{\"id\": 1}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidEventException.class).hasMessage("missing join key field order");
    }

    @Test
    void bothSidesOfAJoinMeetOnTheSameBytesWhateverTheirFieldNames() {
        byte[] left = new KeyExtractor(List.of("order_id"), null, "join key")
                .canonicalKey(EventFields.parse("{\"order_id\": \"o-1\", \"amount\": 3}".getBytes(StandardCharsets.UTF_8)));
        byte[] right = new KeyExtractor(List.of("order.id"), null, "join key")
                .canonicalKey(EventFields.parse("{\"order\": {\"id\": \"o-1\"}}".getBytes(StandardCharsets.UTF_8)));

        assertThat(left).isEqualTo(right);
    }
}

package io.sluice.dedup.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class DedupKeyExtractorTests {

    @Test
    void sameValuesGiveSameKeyWhateverElseTheEventsHold() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("order.id"));

        assertThat(key(extractor, "{\"order\":{\"id\":\"A-1\",\"total\":3},\"note\":\"first\"}"))
            .isEqualTo(key(extractor, "{\"note\":\"second\",\"order\":{\"total\":5,\"id\":\"A-1\"}}"));
    }

    @Test
    void differentValuesGiveDifferentKeys() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("id"));

        assertThat(key(extractor, "{\"id\":\"A-1\"}")).isNotEqualTo(key(extractor, "{\"id\":\"A-2\"}"));
    }

    @Test
    void separatorInsideValuesCannotMakeTwoKeysCollide() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("a", "b"));

        assertThat(key(extractor, "{\"a\":\"x|y\",\"b\":\"z\"}")).isNotEqualTo(key(extractor, "{\"a\":\"x\",\"b\":\"y|z\"}"));
        assertThat(key(extractor, "{\"a\":\"xy\",\"b\":\"\"}")).isNotEqualTo(key(extractor, "{\"a\":\"x\",\"b\":\"y\"}"));
        assertThat(key(extractor, "{\"a\":\"\",\"b\":\"s\\u0001z\"}"))
            .isNotEqualTo(key(extractor, "{\"a\":\"s\\u0001z\",\"b\":\"\"}"));
    }

    @Test
    void lengthIsAVarintSoLongStringsStayUnambiguous() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("a", "b"));
        String longValue = "x".repeat(300);

        byte[] key = key(extractor, "{\"a\":\"" + longValue + "\",\"b\":true}");

        assertThat(key).hasSize(1 + 2 + 300 + 1);
        assertThat(key[0]).isEqualTo((byte) 's');
        assertThat(key[1] & 0xff).isEqualTo(0x80 | (300 & 0x7f));
        assertThat(key[2]).isEqualTo((byte) (300 >>> 7));
        assertThat(key[key.length - 1]).isEqualTo((byte) 't');
    }

    @Test
    void numbersEqualInValueGiveTheSameKey() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("n"));

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
    void numbersDifferingBeyondDoublePrecisionGiveDifferentKeys() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("n"));

        assertThat(key(extractor, "{\"n\":0.1}")).isNotEqualTo(key(extractor, "{\"n\":0.10000000000000000001}"));
        assertThat(key(extractor, "{\"n\":9007199254740993}")).isNotEqualTo(key(extractor, "{\"n\":9007199254740992}"));
    }

    @Test
    void hugeExponentStaysShort() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("n"));

        assertThat(key(extractor, "{\"n\":1e999999}")).hasSizeLessThan(20);
    }

    @Test
    void stringAndNumberAndBooleanOfTheSameTextAreDifferentKeys() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("v"));

        assertThat(key(extractor, "{\"v\":\"1\"}")).isNotEqualTo(key(extractor, "{\"v\":1}"));
        assertThat(key(extractor, "{\"v\":\"true\"}")).isNotEqualTo(key(extractor, "{\"v\":true}"));
        assertThat(key(extractor, "{\"v\":true}")).isNotEqualTo(key(extractor, "{\"v\":false}"));
    }

    @Test
    void keyFieldsAreTakenInDefinitionOrder() {
        String event = "{\"a\":\"1\",\"b\":\"2\"}";

        assertThat(key(new DedupKeyExtractor(List.of("a", "b")), event))
            .isNotEqualTo(key(new DedupKeyExtractor(List.of("b", "a")), event));
    }

    @Test
    void stringsAreComparedByTheirExactUtf8Bytes() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("name"));

        byte[] key = key(extractor, "{\"name\":\"Zoë\"}");

        assertThat(new String(key, 2, key.length - 2, StandardCharsets.UTF_8)).isEqualTo("Zoë");
        assertThat(key(extractor, "{\"name\":\"Zoe\\u0308\"}")).isNotEqualTo(key);
    }

    @Test
    void topLevelFieldNamedWithADotIsFoundLikeTheFilterFindsIt() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("user.id"));

        assertThat(key(extractor, "{\"user.id\":7}")).isEqualTo(key(extractor, "{\"user\":{\"id\":7}}"));
    }

    @Test
    void missingKeyFieldIsNamedInTheReason() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("order.id", "user.id"));

        assertThatThrownBy(() -> key(extractor, "{\"order\":{\"id\":1},\"user\":{\"name\":\"x\"}}"))
            .isInstanceOf(InvalidEventException.class)
            .hasMessage("missing key field user.id");
        assertThatThrownBy(() -> key(extractor, "{\"order\":{\"id\":1},\"user\":\"flat\"}"))
            .hasMessage("missing key field user.id");
    }

    @Test
    void nullKeyFieldCountsAsMissing() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("user.id"));

        assertThatThrownBy(() -> key(extractor, "{\"user\":{\"id\":null}}")).hasMessage("missing key field user.id");
    }

    @Test
    void objectOrArrayKeyFieldIsRejectedWithItsKind() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("id"));

        assertThatThrownBy(() -> key(extractor, "{\"id\":{\"a\":1}}"))
            .hasMessage("key field id is an object, not a string, number or boolean");
        assertThatThrownBy(() -> key(extractor, "{\"id\":[1,2]}"))
            .hasMessage("key field id is an array, not a string, number or boolean");
    }

    @Test
    void emptyStringIsAKeyNotAMissingField() {
        DedupKeyExtractor extractor = new DedupKeyExtractor(List.of("id"));

        assertThat(key(extractor, "{\"id\":\"\"}")).containsExactly('s', 0);
    }

    @Test
    void definitionWithoutKeyFieldsIsRefused() {
        assertThatThrownBy(() -> new DedupKeyExtractor(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] key(DedupKeyExtractor extractor, String json) {
        return extractor.canonicalKey(EventFields.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

}

package io.sluice.model.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import io.sluice.model.filter.Filter;
import org.junit.jupiter.api.Test;

class EventFieldsTests {

    @Test
    void filterSeesNestedStringsNumbersAndBooleans() {
        EventFields event = fields("{\"user\":{\"country\":\"NL\",\"vip\":true},\"amount\":12.50,\"count\":3}");

        assertThat(Filter.parse("user.country == 'NL' && user.vip == true && amount > 12.4 && count == 3.0")
            .evaluate(event)).isTrue();
        assertThat(Filter.parse("amount == 12.5").evaluate(event)).isTrue();
        assertThat(Filter.parse("user.country == 'DE'").evaluate(event)).isFalse();
    }

    @Test
    void missingOrNullFieldEqualsNothingAndDoesNotExist() {
        EventFields event = fields("{\"user\":{\"id\":null}}");

        assertThat(event.valueOf("user.id")).isNull();
        assertThat(event.valueOf("user.name")).isNull();
        assertThat(event.valueOf("nothing.at.all")).isNull();
        assertThat(Filter.parse("user.id exists").evaluate(event)).isFalse();
        assertThat(Filter.parse("user.id != 1").evaluate(event)).isTrue();
    }

    @Test
    void objectFieldEqualsNoLiteral() {
        EventFields event = fields("{\"user\":{\"id\":1}}");

        assertThat(Filter.parse("user == 'x'").evaluate(event)).isFalse();
        assertThat(Filter.parse("user exists").evaluate(event)).isTrue();
    }

    @Test
    void decimalsAreReadExactly() {
        assertThat(fields("{\"n\":0.10000000000000000001}").valueOf("n"))
            .isEqualTo(new BigDecimal("0.10000000000000000001"));
    }

    @Test
    void invalidJsonIsRejectedWithAOneLineReason() {
        assertThatThrownBy(() -> fields("{\"id\":")).isInstanceOf(InvalidEventException.class)
            .hasMessageStartingWith("invalid JSON: ")
            .message().doesNotContain("\n");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] json = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };

        assertThatThrownBy(() -> EventFields.parse(json)).isInstanceOf(InvalidEventException.class)
            .hasMessageStartingWith("invalid JSON: ");
    }

    @Test
    void jsonThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> fields("[1,2]")).hasMessage("not a JSON object: the event is an array");
        assertThatThrownBy(() -> fields("42")).hasMessage("not a JSON object: the event is a number");
        assertThatThrownBy(() -> fields("")).hasMessage("not a JSON object: no content");
    }

    private static EventFields fields(String json) {
        return EventFields.parse(json.getBytes(StandardCharsets.UTF_8));
    }

}

package io.sluice.model.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FilterTests {

    private static final Map<String, Object> ORDER = Map.of("status", "paid", "amount", 120.5, "count", 3, "big",
            new BigInteger("123456789012345678901234567890"), "vip", true, "user", Map.of("id", 42L, "name", "Ada"),
            "tags", List.of("a"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "status == 'paid'|true", "status == \"paid\"|true", "status != 'paid'|false",
            "status < 'pending'|true", "status >= 'paid'|true", "status > 'paid'|false", "amount > 100|true",
            "amount <= 120.5|true", "amount < 120.5|false", "amount == 1.205e2|true", "count == 3|true",
            "count == 3.0|true", "count < 3.5|true", "count > -1|true", "big > 123456789012345678901234567889|true",
            "big == 123456789012345678901234567890|true", "vip == true|true", "vip != true|false", "vip == false|false",
            "user.id == 42|true", "user.name == 'Ada'|true", "user.id exists|true", "user.email exists|false",
            "user exists|true", "tags exists|true" })
    void evaluatesComparisonsOfEachType(String expression, boolean expected) {
        assertThat(Filter.parse(expression).evaluate(ORDER)).as(expression).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "missing == 1|false", "missing != 1|true", "missing < 1|false",
            "missing exists|false", "status == 5|false", "status != 5|true", "status > 5|false", "amount == 'x'|false",
            "vip == 1|false", "user == 'x'|false", "tags != 'a'|true" })
    void aMissingFieldOrOneOfAnotherTypeEqualsNothing(String expression, boolean expected) {
        assertThat(Filter.parse(expression).evaluate(ORDER)).as(expression).isEqualTo(expected);
    }

    @Test
    void aNullFieldDoesNotExist() {
        Map<String, Object> record = new HashMap<>();
        record.put("status", null);

        assertThat(Filter.parse("status exists").evaluate(record)).isFalse();
        assertThat(Filter.parse("status == 'x'").evaluate(record)).isFalse();
        assertThat(Filter.parse("status != 'x'").evaluate(record)).isTrue();
    }

    @Test
    void notANumberEqualsNoNumber() {
        Filter filter = Filter.parse("amount == 0 || amount < 0 || amount > 0");

        assertThat(filter.evaluate(Map.of("amount", Double.NaN))).isFalse();
        assertThat(filter.evaluate(Map.of("amount", Double.POSITIVE_INFINITY))).isFalse();
        assertThat(Filter.parse("amount == 0").evaluate(Map.of("amount", -0.0))).isTrue();
    }

    @Test
    void comparesDecimalAndIntegerValuesByValue() {
        assertThat(Filter.parse("amount == 10").evaluate(Map.of("amount", new BigDecimal("10.00")))).isTrue();
        assertThat(Filter.parse("amount < 0.5").evaluate(Map.of("amount", 0))).isTrue();
        assertThat(Filter.parse("amount > 9223372036854775806").evaluate(Map.of("amount", Long.MAX_VALUE))).isTrue();
        assertThat(Filter.parse("amount == 2.5").evaluate(Map.of("amount", 2.5f))).isTrue();
    }

    @Test
    void andBindsTighterThanOr() {
        Filter filter = Filter.parse("a == 1 || b == 1 && c == 1");

        assertThat(filter.evaluate(Map.of("a", 1, "b", 0, "c", 0))).isTrue();
        assertThat(filter.evaluate(Map.of("a", 0, "b", 1, "c", 0))).isFalse();
        assertThat(filter.evaluate(Map.of("a", 0, "b", 1, "c", 1))).isTrue();
    }

    @Test
    void parenthesesAndNegationGroupConditions() {
        Filter filter = Filter.parse("!(a == 1 || b == 1) && !!(c exists)");

        assertThat(filter.evaluate(Map.of("a", 0, "b", 0, "c", 0))).isTrue();
        assertThat(filter.evaluate(Map.of("a", 1, "b", 0, "c", 0))).isFalse();
        assertThat(filter.evaluate(Map.of("a", 0, "b", 0))).isFalse();
    }

    @Test
    void findsDottedNamesNestedOrAsTopLevelKeys() {
        Filter filter = Filter.parse("user.id == 7");

        assertThat(filter.evaluate(Map.of("user", Map.of("id", 7)))).isTrue();
        assertThat(filter.evaluate(Map.of("user.id", 7))).isTrue();
        assertThat(filter.evaluate(Map.of("user", 7))).isFalse();
        assertThat(filter.evaluate(Map.of("user", Map.of("id", Map.of("x", 7))))).isFalse();
    }

    @Test
    void readsEscapesInStrings() {
        Filter filter = Filter.parse("text == 'it\\'s \"q\" \\\\ \\n\\u00e9' && other == \"a\\\"b\"");

        assertThat(filter.evaluate(Map.of("text", "it's \"q\" \\ \n\u00e9", "other", "a\"b"))).isTrue();
    }

    @Test
    void evaluatesAgainstAnyFieldLookup() {
        Filter filter = Filter.parse("user.id >= 10");
        FieldLookup lookup = (path) -> path.equals("user.id") ? 10 : null;

        assertThat(filter.evaluate(lookup)).isTrue();
    }

    @Test
    void listsTheFieldsItUsesWithTheirPositionsAndLiterals() {
        Filter filter = Filter.parse("status == 'paid' && (user.id > 5 || vip == true) && tags exists");

        assertThat(filter.fieldReferences()).containsExactly(new FieldReference("status", 1, "paid"),
                new FieldReference("user.id", 22, new BigDecimal("5")), new FieldReference("vip", 37, true),
                new FieldReference("tags", 53, null));
        assertThat(filter.text()).isEqualTo("status == 'paid' && (user.id > 5 || vip == true) && tags exists");
        assertThat(filter).hasToString(filter.text());
    }

    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void reportsSyntaxErrorsWithTheirPosition(String expression, int position, String reason) {
        assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> Filter.parse(expression))
            .satisfies((ex) -> {
                assertThat(ex.position()).isEqualTo(position);
                assertThat(ex.reason()).startsWith(reason);
                assertThat(ex.getMessage()).startsWith("syntax error at position " + position + ": " + reason);
            });
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(Arguments.of("", 1, "the expression is empty"),
                Arguments.of("   ", 1, "the expression is empty"),
                Arguments.of("status ==", 10, "expected a string, a number, true or false, found the end of the expression"),
                Arguments.of("== 5", 1, "expected a field, '!' or '(', found '=='"),
                Arguments.of("a == 5 &&", 10, "expected a field, '!' or '(', found the end of the expression"),
                Arguments.of("(a == 1", 8, "expected ')' to close the '(' at position 1, found the end of the expression"),
                Arguments.of("a == 1)", 7, "expected && or || or the end of the expression, found ')'"),
                Arguments.of("a = 1", 3, "unexpected character '='; use == to compare"),
                Arguments.of("a & b", 3, "unexpected character '&'; use && for and"),
                Arguments.of("a | b", 3, "unexpected character '|'; use || for or"),
                Arguments.of("a == 'x", 6, "string is not closed; add '"),
                Arguments.of("a == tru", 6, "expected a string, a number, true or false, found 'tru'"),
                Arguments.of("a > true", 3, "true and false can only be compared with == or !="),
                Arguments.of("a. == 1", 3, "expected a field name after '.'"),
                Arguments.of("a == 1 b == 2", 8, "expected && or || or the end of the expression, found 'b'"),
                Arguments.of("a == 1.2.3", 6, "'1.2.3' is not a number"),
                Arguments.of("a == '\\q'", 7, "unknown escape '\\q'"),
                Arguments.of("a == '\\u12'", 7, "expected four hex digits after '\\u'"),
                Arguments.of("a 5", 3, "expected ==, !=, <, <=, >, >= or exists, found '5'"),
                Arguments.of("true == a", 1, "expected a field, '!' or '(', found 'true'"),
                Arguments.of("a == 1 # b", 8, "unexpected character '#'"),
                Arguments.of("a == b", 6, "expected a string, a number, true or false, found 'b'"),
                Arguments.of("a == \"x\" b", 10, "expected && or || or the end of the expression, found 'b'"),
                Arguments.of("(a == 1))", 9, "expected && or || or the end of the expression, found ')'"));
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        String deep = "(".repeat(Parser.MAX_DEPTH + 1) + "a exists" + ")".repeat(Parser.MAX_DEPTH + 1);
        String ok = "(".repeat(Parser.MAX_DEPTH - 1) + "a exists" + ")".repeat(Parser.MAX_DEPTH - 1);

        assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> Filter.parse(deep))
            .withMessageContaining("nested more than 64 levels deep");
        assertThat(Filter.parse(ok).evaluate(Map.of("a", 1))).isTrue();
        assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> Filter.parse("!".repeat(10_000) + "a exists"))
            .withMessageContaining("nested more than 64 levels deep");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "user.id", "_x", "@timestamp", "$meta.v-2", "order_id", "A.b.C1" })
    void acceptsFieldPaths(String path) {
        assertThat(Filter.isFieldPath(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "1st", "-a", "a.", ".a", "a..b", "a b", "a.1", "é", "a/b" })
    void rejectsFieldPathsAnExpressionCannotName(String path) {
        assertThat(Filter.isFieldPath(path)).isFalse();
    }

}

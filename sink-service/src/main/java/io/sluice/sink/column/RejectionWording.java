package io.sluice.sink.column;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * How rejection reasons word the value at fault (its text, its kind, what was expected instead), short
 * enough for a dead-letter header.
 */
final class RejectionWording {

    private static final int MAX_SHOWN = 60;

    private RejectionWording() {
    }

    static String describe(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "\"" + shorten(parser.getString()) + "\"";
            case VALUE_NULL -> "null";
            default -> shorten(parser.getText());
        };
    }

    static String kind(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    static ValueRejectedException unexpected(JsonParser parser, String expected, String type) {
        return new ValueRejectedException("expected " + expected + " for " + type + ", got " + describeKind(parser));
    }

    static String shorten(String text) {
        return (text.length() <= MAX_SHOWN) ? text : text.substring(0, MAX_SHOWN) + "…";
    }

    private static String describeKind(JsonParser parser) {
        String kind = kind(parser);
        JsonToken token = parser.currentToken();
        boolean scalar = token != null && token.isScalarValue() && token != JsonToken.VALUE_NULL;
        return scalar ? kind + " " + describe(parser) : kind;
    }

}

package io.sluice.model.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.sluice.model.filter.Token.Kind;

/** Splits an expression into tokens; a field path with its dots is one token. */
final class Lexer {

    private final String text;

    private int index;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        Lexer lexer = new Lexer(text);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        }
        while (token.kind() != Kind.END);
        return tokens;
    }

    private Token next() {
        while (this.index < this.text.length() && Character.isWhitespace(this.text.charAt(this.index))) {
            this.index++;
        }
        int start = this.index;
        if (start == this.text.length()) {
            return new Token(Kind.END, start + 1, "", null);
        }
        char c = this.text.charAt(start);
        if (c == '"' || c == '\'') {
            return string(c);
        }
        if (isDigit(c) || (c == '-' && start + 1 < this.text.length() && isDigit(this.text.charAt(start + 1)))) {
            return number();
        }
        if (isFieldStart(c)) {
            return field();
        }
        return operator(c);
    }

    private Token operator(char c) {
        int start = this.index;
        char following = (start + 1 < this.text.length()) ? this.text.charAt(start + 1) : 0;
        Kind kind = switch (c) {
            case '=' -> (following == '=') ? Kind.EQ : null;
            case '!' -> (following == '=') ? Kind.NE : Kind.NOT;
            case '<' -> (following == '=') ? Kind.LE : Kind.LT;
            case '>' -> (following == '=') ? Kind.GE : Kind.GT;
            case '&' -> (following == '&') ? Kind.AND : null;
            case '|' -> (following == '|') ? Kind.OR : null;
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            default -> null;
        };
        if (kind == null) {
            String hint = switch (c) {
                case '=' -> "; use == to compare";
                case '&' -> "; use && for and";
                case '|' -> "; use || for or";
                default -> "";
            };
            throw new FilterSyntaxException(start + 1, "unexpected character '" + c + "'" + hint);
        }
        int length = switch (kind) {
            case EQ, NE, LE, GE, AND, OR -> 2;
            default -> 1;
        };
        this.index += length;
        return new Token(kind, start + 1, this.text.substring(start, this.index), null);
    }

    private Token field() {
        int start = this.index;
        while (true) {
            while (this.index < this.text.length() && isFieldPart(this.text.charAt(this.index))) {
                this.index++;
            }
            if (this.index < this.text.length() && this.text.charAt(this.index) == '.') {
                this.index++;
                if (this.index == this.text.length() || !isFieldStart(this.text.charAt(this.index))) {
                    throw new FilterSyntaxException(this.index + 1, "expected a field name after '.'");
                }
                continue;
            }
            break;
        }
        String path = this.text.substring(start, this.index);
        return new Token(Kind.FIELD, start + 1, path, path);
    }

    private Token number() {
        int start = this.index;
        if (this.text.charAt(this.index) == '-') {
            this.index++;
        }
        while (this.index < this.text.length() && isNumberPart(this.text.charAt(this.index))) {
            this.index++;
        }
        String literal = this.text.substring(start, this.index);
        try {
            return new Token(Kind.NUMBER, start + 1, literal, new BigDecimal(literal));
        }
        catch (NumberFormatException ex) {
            throw new FilterSyntaxException(start + 1, "'" + literal + "' is not a number");
        }
    }

    private Token string(char quote) {
        int start = this.index;
        StringBuilder value = new StringBuilder();
        this.index++;
        while (this.index < this.text.length()) {
            char c = this.text.charAt(this.index++);
            if (c == quote) {
                return new Token(Kind.STRING, start + 1, this.text.substring(start, this.index), value.toString());
            }
            if (c == '\\') {
                value.append(escape());
            }
            else {
                value.append(c);
            }
        }
        throw new FilterSyntaxException(start + 1, "string is not closed; add " + quote);
    }

    private char escape() {
        if (this.index == this.text.length()) {
            throw new FilterSyntaxException(this.index, "expected a character after '\\'");
        }
        char c = this.text.charAt(this.index++);
        return switch (c) {
            case '"', '\'', '\\' -> c;
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'u' -> unicodeEscape();
            default -> throw new FilterSyntaxException(this.index - 1,
                    "unknown escape '\\" + c + "'; use \\\", \\', \\\\, \\n, \\t, \\r or \\uXXXX");
        };
    }

    private char unicodeEscape() {
        if (this.index + 4 > this.text.length()) {
            throw new FilterSyntaxException(this.index - 1, "expected four hex digits after '\\u'");
        }
        String hex = this.text.substring(this.index, this.index + 4);
        try {
            char c = (char) Integer.parseInt(hex, 16);
            this.index += 4;
            return c;
        }
        catch (NumberFormatException ex) {
            throw new FilterSyntaxException(this.index - 1, "expected four hex digits after '\\u', not '" + hex + "'");
        }
    }

    // Also the rule for schema field names (Filter.isFieldPath), so every field can be filtered on.
    static boolean isFieldStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@' || c == '$';
    }

    static boolean isFieldPart(char c) {
        return isFieldStart(c) || (c >= '0' && c <= '9') || c == '-';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNumberPart(char c) {
        return isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
    }

}

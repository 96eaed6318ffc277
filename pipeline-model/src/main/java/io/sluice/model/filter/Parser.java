package io.sluice.model.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.sluice.model.filter.Expression.Operator;
import io.sluice.model.filter.Token.Kind;

/** Recursive descent over the grammar documented on {@link Filter}. */
final class Parser {

    /** Deeper nesting is no real filter; the limit keeps hostile input from overflowing the stack. */
    static final int MAX_DEPTH = 64;

    private final List<Token> tokens;

    private final List<FieldReference> references = new ArrayList<>();

    private int index;

    private int depth;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    record Result(Expression expression, List<FieldReference> references) {
    }

    static Result parse(String text) {
        Parser parser = new Parser(Lexer.tokens(text));
        if (parser.peek().kind() == Kind.END) {
            throw new FilterSyntaxException(1, "the expression is empty");
        }
        Expression expression = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Kind.END) {
            throw new FilterSyntaxException(rest.position(), "expected && or || or the end of the expression, found "
                    + rest.describe());
        }
        return new Result(expression, List.copyOf(parser.references));
    }

    private Expression or() {
        Expression left = and();
        while (peek().kind() == Kind.OR) {
            this.index++;
            left = new Expression.Or(left, and());
        }
        return left;
    }

    private Expression and() {
        Expression left = unary();
        while (peek().kind() == Kind.AND) {
            this.index++;
            left = new Expression.And(left, unary());
        }
        return left;
    }

    private Expression unary() {
        Token token = peek();
        if (++this.depth > MAX_DEPTH) {
            throw new FilterSyntaxException(token.position(), "nested more than " + MAX_DEPTH + " levels deep");
        }
        try {
            if (token.kind() == Kind.NOT) {
                this.index++;
                return new Expression.Not(unary());
            }
            if (token.kind() == Kind.LPAREN) {
                this.index++;
                Expression inner = or();
                Token close = next();
                if (close.kind() != Kind.RPAREN) {
                    throw new FilterSyntaxException(close.position(), "expected ')' to close the '(' at position "
                            + token.position() + ", found " + close.describe());
                }
                return inner;
            }
            return condition();
        }
        finally {
            this.depth--;
        }
    }

    private Expression condition() {
        Token field = next();
        if (field.kind() != Kind.FIELD || isLiteralWord(field)) {
            throw new FilterSyntaxException(field.position(), "expected a field, '!' or '(', found " + field.describe());
        }
        Token operator = next();
        if (operator.isWord("exists")) {
            this.references.add(new FieldReference(field.text(), field.position(), null));
            return new Expression.Exists(field.text());
        }
        Operator comparison = operator(operator);
        Token literal = next();
        Object value = literal(literal);
        if (value instanceof Boolean && comparison != Operator.EQ && comparison != Operator.NE) {
            throw new FilterSyntaxException(operator.position(), "true and false can only be compared with == or !=");
        }
        this.references.add(new FieldReference(field.text(), field.position(),
                (value instanceof NumberLiteral number) ? number.decimal() : value));
        return new Expression.Comparison(field.text(), comparison, value);
    }

    private static Operator operator(Token token) {
        return switch (token.kind()) {
            case EQ -> Operator.EQ;
            case NE -> Operator.NE;
            case LT -> Operator.LT;
            case LE -> Operator.LE;
            case GT -> Operator.GT;
            case GE -> Operator.GE;
            default -> throw new FilterSyntaxException(token.position(),
                    "expected ==, !=, <, <=, >, >= or exists, found " + token.describe());
        };
    }

    private static Object literal(Token token) {
        if (token.kind() == Kind.STRING) {
            return token.value();
        }
        if (token.kind() == Kind.NUMBER) {
            return NumberLiteral.of((BigDecimal) token.value());
        }
        if (token.isWord("true") || token.isWord("false")) {
            return Boolean.valueOf(token.text());
        }
        throw new FilterSyntaxException(token.position(),
                "expected a string, a number, true or false, found " + token.describe());
    }

    private static boolean isLiteralWord(Token token) {
        return token.isWord("true") || token.isWord("false");
    }

    private Token peek() {
        return this.tokens.get(this.index);
    }

    private Token next() {
        Token token = this.tokens.get(this.index);
        if (token.kind() != Kind.END) {
            this.index++;
        }
        return token;
    }

}

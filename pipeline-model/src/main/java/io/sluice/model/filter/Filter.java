package io.sluice.model.filter;

import java.util.List;
import java.util.Map;

/**
 * A filter expression that keeps or drops an event. Grammar:
 *
 * <pre>
 * expression := and ( "||" and )*
 * and        := unary ( "&amp;&amp;" unary )*
 * unary      := "!" unary | "(" expression ")" | condition
 * condition  := field "exists" | field ( "==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ) literal
 * field      := name ( "." name )*        e.g. user.id
 * literal    := "string" | 'string' | number | true | false
 * </pre>
 *
 * <p>A field is compared with a literal of its own kind: strings with strings (by UTF-16
 * order), numbers with numbers (by value, so {@code 1 == 1.0}), booleans with {@code ==} and
 * {@code !=} only. A missing or null field, or one of another kind than the literal, equals
 * nothing: {@code ==} and the orderings are false and {@code !=} is true. {@code exists} is
 * true for a present, non-null field. Instances are immutable and thread-safe.
 */
public final class Filter {

    private final String text;

    private final Expression expression;

    private final List<FieldReference> references;

    private Filter(String text, Expression expression, List<FieldReference> references) {
        this.text = text;
        this.expression = expression;
        this.references = references;
    }

    /**
     * The filter written as {@code text}.
     * @throws FilterSyntaxException with the position of the first error
     */
    public static Filter parse(String text) {
        Parser.Result result = Parser.parse(text);
        return new Filter(text, result.expression(), result.references());
    }

    /** Whether a name is usable as a field path in an expression (and so in a schema). */
    public static boolean isFieldPath(String path) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        boolean segmentStart = true;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (segmentStart ? !Lexer.isFieldStart(c) : (c != '.' && !Lexer.isFieldPart(c))) {
                return false;
            }
            segmentStart = (c == '.');
        }
        return !segmentStart;
    }

    /** Whether the event whose fields these are passes the filter. */
    public boolean evaluate(FieldLookup record) {
        return this.expression.evaluate(record);
    }

    /**
     * Whether the event passes the filter, given as nested maps (as a JSON library reads an
     * object): {@code user.id} is the {@code id} of the map under {@code user}, or else a
     * top-level key named {@code user.id}.
     */
    public boolean evaluate(Map<String, ?> record) {
        return this.expression.evaluate((path) -> lookup(record, path));
    }

    /** The fields the expression uses, in the order written. */
    public List<FieldReference> fieldReferences() {
        return this.references;
    }

    public String text() {
        return this.text;
    }

    @Override
    public String toString() {
        return this.text;
    }

    private static Object lookup(Map<String, ?> record, String path) {
        Object nested = nested(record, path);
        return (nested != null) ? nested : record.get(path);
    }

    private static Object nested(Map<String, ?> record, String path) {
        Object current = record;
        int start = 0;
        int dot;
        while ((dot = path.indexOf('.', start)) >= 0) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(path.substring(start, dot));
            start = dot + 1;
        }
        return (current instanceof Map<?, ?> map) ? map.get(path.substring(start)) : null;
    }

}

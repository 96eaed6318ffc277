package io.sluice.model.clickhouse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sluice.model.clickhouse.ClickHouseType.ArrayOf;
import io.sluice.model.clickhouse.ClickHouseType.DateTime;
import io.sluice.model.clickhouse.ClickHouseType.DateTime64;
import io.sluice.model.clickhouse.ClickHouseType.Decimal;
import io.sluice.model.clickhouse.ClickHouseType.EnumValue;
import io.sluice.model.clickhouse.ClickHouseType.Enumeration;
import io.sluice.model.clickhouse.ClickHouseType.FixedString;
import io.sluice.model.clickhouse.ClickHouseType.LowCardinality;
import io.sluice.model.clickhouse.ClickHouseType.MapOf;
import io.sluice.model.clickhouse.ClickHouseType.Nullable;
import io.sluice.model.clickhouse.ClickHouseType.Scalar;
import io.sluice.model.clickhouse.ClickHouseType.Simple;

/**
 * Recursive descent over a type as ClickHouse prints it. Whitespace between tokens is ignored;
 * names are case-sensitive, as they are in ClickHouse.
 */
final class TypeParser {

    private static final Map<String, Scalar> SCALARS = Map.ofEntries(
            Map.entry("String", Scalar.STRING), Map.entry("UInt8", Scalar.UINT8), Map.entry("UInt16", Scalar.UINT16),
            Map.entry("UInt32", Scalar.UINT32), Map.entry("UInt64", Scalar.UINT64), Map.entry("Int8", Scalar.INT8),
            Map.entry("Int16", Scalar.INT16), Map.entry("Int32", Scalar.INT32), Map.entry("Int64", Scalar.INT64),
            Map.entry("Float32", Scalar.FLOAT32), Map.entry("Float64", Scalar.FLOAT64), Map.entry("Date", Scalar.DATE),
            Map.entry("UUID", Scalar.UUID), Map.entry("Bool", Scalar.BOOL));

    private final String text;

    private int position;

    TypeParser(String text) {
        this.text = (text != null) ? text : "";
    }

    ClickHouseType parse() {
        if (this.text.isBlank()) {
            throw new UnsupportedColumnTypeException("a column type is required, e.g. String or UInt64");
        }
        ClickHouseType type = type();
        skipSpaces();
        if (this.position < this.text.length()) {
            throw malformed("unexpected \"" + this.text.substring(this.position) + "\" after the type");
        }
        return type;
    }

    private ClickHouseType type() {
        skipSpaces();
        int start = this.position;
        String name = name();
        if (name.isEmpty()) {
            throw malformed("expected a type name");
        }
        Scalar scalar = SCALARS.get(name);
        if (scalar != null) {
            if (peek('(')) {
                throw malformed(name + " takes no parameters");
            }
            return new Simple(scalar);
        }
        return switch (name) {
            case "FixedString" -> {
                expect('(');
                int length = integer("the FixedString length");
                expect(')');
                if (length < 1) {
                    throw malformed("FixedString needs a length of at least 1");
                }
                yield new FixedString(length);
            }
            case "Decimal" -> {
                expect('(');
                int precision = integer("the Decimal precision");
                expect(',');
                int scale = integer("the Decimal scale");
                expect(')');
                yield decimal(name, precision, scale);
            }
            case "Decimal32" -> decimal(name, 9, singleInteger("the Decimal32 scale"));
            case "Decimal64" -> decimal(name, 18, singleInteger("the Decimal64 scale"));
            case "Decimal128" -> decimal(name, 38, singleInteger("the Decimal128 scale"));
            case "DateTime" -> {
                if (!peek('(')) {
                    yield new DateTime(null);
                }
                expect('(');
                String zone = quoted("the DateTime time zone");
                expect(')');
                yield new DateTime(zone);
            }
            case "DateTime64" -> {
                expect('(');
                int precision = integer("the DateTime64 precision");
                if (precision > 9) {
                    throw malformed("DateTime64 precision is 0 to 9, not " + precision);
                }
                String zone = null;
                if (peek(',')) {
                    expect(',');
                    zone = quoted("the DateTime64 time zone");
                }
                expect(')');
                yield new DateTime64(precision, zone);
            }
            case "Enum8" -> enumeration(8, -128, 127);
            case "Enum16" -> enumeration(16, -32768, 32767);
            case "Nullable" -> {
                ClickHouseType inner = wrapped();
                if (inner instanceof Nullable || inner instanceof ArrayOf || inner instanceof MapOf
                        || inner instanceof LowCardinality) {
                    throw malformed("Nullable cannot hold " + inner.sql() + "; ClickHouse writes Array(Nullable(T)) "
                            + "or LowCardinality(Nullable(T)) instead");
                }
                yield new Nullable(inner);
            }
            case "Array" -> new ArrayOf(wrapped());
            case "LowCardinality" -> {
                ClickHouseType inner = wrapped();
                if (inner instanceof LowCardinality || inner instanceof ArrayOf || inner instanceof MapOf) {
                    throw malformed("LowCardinality cannot hold " + inner.sql());
                }
                yield new LowCardinality(inner);
            }
            case "Map" -> {
                expect('(');
                ClickHouseType key = type();
                expect(',');
                ClickHouseType value = type();
                expect(')');
                yield new MapOf(key, value);
            }
            default -> throw unsupported(start);
        };
    }

    private ClickHouseType wrapped() {
        expect('(');
        ClickHouseType inner = type();
        expect(')');
        return inner;
    }

    private ClickHouseType decimal(String name, int precision, int scale) {
        if (precision < 1 || precision > Decimal.MAX_PRECISION) {
            throw new UnsupportedColumnTypeException("unsupported column type \"" + this.text + "\": " + name
                    + " precision " + precision + " is outside 1 to " + Decimal.MAX_PRECISION
                    + " (Decimal256 is not supported)");
        }
        if (scale > precision) {
            throw malformed(name + " scale " + scale + " is larger than its precision " + precision);
        }
        return new Decimal(precision, scale);
    }

    private int singleInteger(String what) {
        expect('(');
        int value = integer(what);
        expect(')');
        return value;
    }

    private Enumeration enumeration(int bits, int min, int max) {
        expect('(');
        List<EnumValue> values = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> numbers = new HashSet<>();
        do {
            String name = quoted("an Enum" + bits + " name");
            expect('=');
            int value = integer("the value of '" + name + "'");
            if (value < min || value > max) {
                throw malformed("Enum" + bits + " value " + value + " of '" + name + "' is outside " + min + " to " + max);
            }
            if (!names.add(name)) {
                throw malformed("Enum" + bits + " names '" + name + "' twice");
            }
            if (!numbers.add(value)) {
                throw malformed("Enum" + bits + " uses the value " + value + " twice");
            }
            values.add(new EnumValue(name, value));
        }
        while (consume(','));
        expect(')');
        return new Enumeration(bits, values);
    }

    private String name() {
        int start = this.position;
        while (this.position < this.text.length()
                && (Character.isLetterOrDigit(this.text.charAt(this.position)) || this.text.charAt(this.position) == '_')) {
            this.position++;
        }
        return this.text.substring(start, this.position);
    }

    private int integer(String what) {
        skipSpaces();
        int start = this.position;
        if (this.position < this.text.length() && this.text.charAt(this.position) == '-') {
            this.position++;
        }
        while (this.position < this.text.length() && Character.isDigit(this.text.charAt(this.position))) {
            this.position++;
        }
        String digits = this.text.substring(start, this.position);
        if (digits.isEmpty() || digits.equals("-")) {
            this.position = start;
            throw malformed("expected " + what + " (a number)");
        }
        try {
            return Integer.parseInt(digits);
        }
        catch (NumberFormatException ex) {
            this.position = start;
            throw malformed(what + " " + digits + " is too large");
        }
    }

    /** A single-quoted string with backslash escapes, as ClickHouse prints names and time zones. */
    private String quoted(String what) {
        skipSpaces();
        if (!peek('\'')) {
            throw malformed("expected " + what + " in single quotes");
        }
        this.position++;
        StringBuilder value = new StringBuilder();
        while (this.position < this.text.length()) {
            char c = this.text.charAt(this.position++);
            if (c == '\'') {
                return value.toString();
            }
            if (c == '\\' && this.position < this.text.length()) {
                char escaped = this.text.charAt(this.position++);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> escaped;
                });
            }
            else {
                value.append(c);
            }
        }
        throw malformed(what + " has no closing quote");
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw malformed("expected '" + c + "'");
        }
    }

    private boolean consume(char c) {
        if (peek(c)) {
            this.position++;
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        skipSpaces();
        return this.position < this.text.length() && this.text.charAt(this.position) == c;
    }

    private void skipSpaces() {
        while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
            this.position++;
        }
    }

    private UnsupportedColumnTypeException malformed(String reason) {
        String where = (this.position < this.text.length()) ? " at position " + (this.position + 1) : " at the end";
        return new UnsupportedColumnTypeException(
                "malformed ClickHouse type \"" + this.text + "\": " + reason + where);
    }

    private UnsupportedColumnTypeException unsupported(int start) {
        // Name the whole unsupported type, e.g. "Tuple(String, UInt8)" inside "Array(Tuple(String, UInt8))".
        int end = start;
        int depth = 0;
        while (end < this.text.length()) {
            char c = this.text.charAt(end);
            if (c == '(') {
                depth++;
            }
            else if (c == ')' && depth-- == 0 || c == ',' && depth == 0) {
                break;
            }
            end++;
            if (c == ')' && depth == 0) {
                break;
            }
        }
        String type = this.text.substring(start, end).trim();
        return new UnsupportedColumnTypeException("unsupported column type \"" + type + "\"; Sluice writes "
                + UnsupportedColumnTypeException.SUPPORTED);
    }

}

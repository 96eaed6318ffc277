package io.sluice.model.clickhouse;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A ClickHouse column type the sink can write, as ClickHouse prints it in {@code system.columns}.
 * Two types are equal when ClickHouse treats them as the same type: {@code Decimal32(3)} equals
 * {@code Decimal(9, 3)}, and an {@code Enum8} equals another with the same names and values in any
 * order.
 */
public sealed interface ClickHouseType {

    /**
     * Parses a type as ClickHouse prints it, e.g. {@code Array(Nullable(String))} or
     * {@code DateTime('Europe/Berlin')}.
     * @throws UnsupportedColumnTypeException if the text is not a type, or a type the sink cannot write
     */
    static ClickHouseType parse(String text) {
        return new TypeParser(text).parse();
    }

    /** The type written the way ClickHouse prints it. */
    String sql();

    /** Whether a JSON null or a missing field can be written as NULL. */
    default boolean acceptsNull() {
        return false;
    }

    /** Types without parameters. */
    enum Scalar {
        STRING("String"), UINT8("UInt8"), UINT16("UInt16"), UINT32("UInt32"), UINT64("UInt64"), INT8("Int8"),
        INT16("Int16"), INT32("Int32"), INT64("Int64"), FLOAT32("Float32"), FLOAT64("Float64"), DATE("Date"),
        UUID("UUID"), BOOL("Bool");

        private final String sql;

        Scalar(String sql) {
            this.sql = sql;
        }

        String sql() {
            return this.sql;
        }
    }

    record Simple(Scalar scalar) implements ClickHouseType {

        public Simple {
            Objects.requireNonNull(scalar, "scalar");
        }

        @Override
        public String sql() {
            return this.scalar.sql();
        }
    }

    record FixedString(int length) implements ClickHouseType {

        public FixedString {
            if (length < 1) {
                throw new IllegalArgumentException("FixedString needs a length of at least 1, not " + length);
            }
        }

        @Override
        public String sql() {
            return "FixedString(" + this.length + ")";
        }
    }

    /**
     * {@code Decimal(P, S)}; {@code Decimal32(S)}, {@code Decimal64(S)} and {@code Decimal128(S)}
     * are the same types with P of 9, 18 and 38.
     */
    record Decimal(int precision, int scale) implements ClickHouseType {

        public static final int MAX_PRECISION = 38;

        public Decimal {
            if (precision < 1 || precision > MAX_PRECISION) {
                throw new IllegalArgumentException("Decimal precision is 1 to " + MAX_PRECISION + ", not " + precision);
            }
            if (scale < 0 || scale > precision) {
                throw new IllegalArgumentException("Decimal scale is 0 to the precision " + precision + ", not " + scale);
            }
        }

        @Override
        public String sql() {
            return "Decimal(" + this.precision + ", " + this.scale + ")";
        }
    }

    /** @param timeZone the column's own time zone, or null when it uses the server's */
    record DateTime(String timeZone) implements ClickHouseType {

        @Override
        public String sql() {
            return (this.timeZone != null) ? "DateTime(" + quote(this.timeZone) + ")" : "DateTime";
        }
    }

    /**
     * @param precision digits after the second, 0 to 9
     * @param timeZone the column's own time zone, or null when it uses the server's
     */
    record DateTime64(int precision, String timeZone) implements ClickHouseType {

        public DateTime64 {
            if (precision < 0 || precision > 9) {
                throw new IllegalArgumentException("DateTime64 precision is 0 to 9, not " + precision);
            }
        }

        @Override
        public String sql() {
            return "DateTime64(" + this.precision + ((this.timeZone != null) ? ", " + quote(this.timeZone) : "") + ")";
        }
    }

    /**
     * {@code Enum8} or {@code Enum16}.
     * @param values sorted by value, the order ClickHouse prints them in
     */
    record Enumeration(int bits, List<EnumValue> values) implements ClickHouseType {

        public Enumeration {
            if (bits != 8 && bits != 16) {
                throw new IllegalArgumentException("an Enum is Enum8 or Enum16, not Enum" + bits);
            }
            values = values.stream().sorted((a, b) -> Integer.compare(a.value(), b.value())).toList();
        }

        @Override
        public String sql() {
            return "Enum" + this.bits + "(" + this.values.stream()
                    .map((value) -> quote(value.name()) + " = " + value.value())
                    .collect(Collectors.joining(", ")) + ")";
        }
    }

    record EnumValue(String name, int value) {

        public EnumValue {
            Objects.requireNonNull(name, "name");
        }
    }

    record Nullable(ClickHouseType inner) implements ClickHouseType {

        public Nullable {
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public String sql() {
            return "Nullable(" + this.inner.sql() + ")";
        }

        @Override
        public boolean acceptsNull() {
            return true;
        }
    }

    record ArrayOf(ClickHouseType element) implements ClickHouseType {

        public ArrayOf {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public String sql() {
            return "Array(" + this.element.sql() + ")";
        }
    }

    /** Stored as a dictionary, but written in RowBinary exactly like its inner type. */
    record LowCardinality(ClickHouseType inner) implements ClickHouseType {

        public LowCardinality {
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public String sql() {
            return "LowCardinality(" + this.inner.sql() + ")";
        }

        @Override
        public boolean acceptsNull() {
            return this.inner.acceptsNull();
        }
    }

    record MapOf(ClickHouseType key, ClickHouseType value) implements ClickHouseType {

        public MapOf {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String sql() {
            return "Map(" + this.key.sql() + ", " + this.value.sql() + ")";
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

}

package io.sluice.model.clickhouse;

/**
 * A column type the sink cannot write: not a ClickHouse type at all, or one it has no conversion
 * for. Raised when a pipeline starts, so the user learns it before the first row, not at row
 * 1,000,001.
 */
public class UnsupportedColumnTypeException extends RuntimeException {

    static final String SUPPORTED = "String, FixedString(N), UInt8/16/32/64, Int8/16/32/64, Float32/64, "
            + "Decimal(P, S), Decimal32/64/128(S), Date, DateTime, DateTime64(P), UUID, Enum8, Enum16, Bool, "
            + "Nullable(T), Array(T), LowCardinality(T), Map(String, T)";

    public UnsupportedColumnTypeException(String message) {
        super(message);
    }

}

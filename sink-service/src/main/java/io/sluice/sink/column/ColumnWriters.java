package io.sluice.sink.column;

import java.time.DateTimeException;
import java.time.ZoneId;

import tools.jackson.core.TokenStreamFactory;

import io.sluice.model.clickhouse.ClickHouseType.ArrayOf;
import io.sluice.model.clickhouse.ClickHouseType.DateTime;
import io.sluice.model.clickhouse.ClickHouseType.DateTime64;
import io.sluice.model.clickhouse.ClickHouseType.Decimal;
import io.sluice.model.clickhouse.ClickHouseType.Enumeration;
import io.sluice.model.clickhouse.ClickHouseType.FixedString;
import io.sluice.model.clickhouse.ClickHouseType.LowCardinality;
import io.sluice.model.clickhouse.ClickHouseType.MapOf;
import io.sluice.model.clickhouse.ClickHouseType.Nullable;
import io.sluice.model.clickhouse.ClickHouseType.Scalar;
import io.sluice.model.clickhouse.ClickHouseType.Simple;
import io.sluice.model.clickhouse.ClickHouseType;
import io.sluice.model.clickhouse.UnsupportedColumnTypeException;

/** Picks the writer for a type, once per column when a pipeline starts. */
final class ColumnWriters {

    private ColumnWriters() {
    }

    static ColumnWriter forType(ClickHouseType type, ZoneId serverZone, TokenStreamFactory json) {
        if (type instanceof Simple simple) {
            Scalar scalar = simple.scalar();
            return switch (scalar) {
                case STRING -> new TextWriter(json, -1);
                case FLOAT32 -> new FloatWriter(true);
                case FLOAT64 -> new FloatWriter(false);
                case DATE -> new TimeWriters.DateWriter(serverZone);
                case UUID -> new ScalarWriters.UuidWriter();
                case BOOL -> new ScalarWriters.BoolWriter();
                default -> IntegerWriter.of(scalar);
            };
        }
        if (type instanceof FixedString fixed) {
            return new TextWriter(json, fixed.length());
        }
        if (type instanceof Decimal decimal) {
            return new DecimalWriter(decimal);
        }
        if (type instanceof DateTime dateTime) {
            return new TimeWriters.DateTimeWriter(zone(dateTime.timeZone(), serverZone), type.sql());
        }
        if (type instanceof DateTime64 dateTime) {
            return new TimeWriters.DateTime64Writer(zone(dateTime.timeZone(), serverZone), dateTime.precision(), type.sql());
        }
        if (type instanceof Enumeration enumeration) {
            return new ScalarWriters.EnumWriter(enumeration);
        }
        if (type instanceof Nullable nullable) {
            return new ContainerWriters.NullableWriter(forType(nullable.inner(), serverZone, json));
        }
        if (type instanceof LowCardinality lowCardinality) {
            // RowBinary carries LowCardinality(T) exactly as T; the dictionary is the server's business.
            return forType(lowCardinality.inner(), serverZone, json);
        }
        if (type instanceof ArrayOf array) {
            return new ContainerWriters.ArrayWriter(forType(array.element(), serverZone, json), type.sql());
        }
        if (type instanceof MapOf map) {
            ClickHouseType key = (map.key() instanceof LowCardinality lowCardinality) ? lowCardinality.inner() : map.key();
            if (!(key instanceof Simple simple && simple.scalar() == Scalar.STRING)) {
                throw new UnsupportedColumnTypeException("unsupported column type \"" + type.sql()
                        + "\": JSON object keys are text, so Sluice writes maps with String keys only");
            }
            return new ContainerWriters.MapWriter(new TextWriter(json, -1), forType(map.value(), serverZone, json), type.sql());
        }
        throw new UnsupportedColumnTypeException("unsupported column type \"" + type.sql() + "\"");
    }

    private static ZoneId zone(String name, ZoneId serverZone) {
        if (name == null) {
            return serverZone;
        }
        try {
            return ZoneId.of(name);
        }
        catch (DateTimeException ex) {
            throw new UnsupportedColumnTypeException("unknown time zone '" + name + "' in the column type");
        }
    }

}

package io.sluice.ui.wizard;

import java.util.Locale;

import io.sluice.model.clickhouse.ClickHouseType;
import io.sluice.model.clickhouse.EpochNumbers;
import io.sluice.model.clickhouse.UnsupportedColumnTypeException;

/**
 * Whether a field of a given JSON type fits a ClickHouse column, told before the pipeline runs.
 * Follows what the sink writes: a column type is first read with the sink's own parser
 * ({@link ClickHouseType#parse}), so a type the sink cannot write is a mismatch here too, and the
 * epoch rule is the sink's ({@link EpochNumbers}). A value that does not fit its column is not lost,
 * it goes to the dead letters, so a mismatch is a warning, not a refusal.
 */
final class TypeCompatibility {

    private TypeCompatibility() {
    }

    enum Level {
        /** Every value of the field fits. */
        FITS,
        /** Values are written, changed in a way the user should know of (a number as text). */
        CONVERTED,
        /** Most or all values would be refused by the sink and go to the dead letters. */
        MISMATCH,
        /** Nothing to judge: no column chosen, or a field or column type unknown. */
        UNKNOWN
    }

    record Verdict(Level level, String explanation) {

        public boolean mismatch() {
            return level == Level.MISMATCH;
        }

        public String cssClass() {
            return level.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param fieldType  the field's JSON type ({@code string}, {@code int}, …), blank when unknown
     * @param columnType the column's type as ClickHouse prints it, e.g. {@code Nullable(UInt64)}
     */
    static Verdict of(String fieldType, String columnType) {
        if (columnType == null || columnType.isBlank()) {
            return new Verdict(Level.UNKNOWN, "");
        }
        if (fieldType == null || fieldType.isBlank()) {
            return new Verdict(Level.UNKNOWN, "Choose the field's type (page 2) to check it against " + columnType + ".");
        }
        try {
            ClickHouseType.parse(columnType);
        } catch (UnsupportedColumnTypeException e) {
            return mismatch("The sink cannot write this column: " + e.getMessage());
        }
        String base = base(columnType);
        String field = fieldType.toLowerCase(Locale.ROOT);
        return switch (base) {
            case "String", "FixedString" -> switch (field) {
                case "string" -> fits();
                case "array", "object" -> converted("The " + field + " is stored as its JSON text.");
                default -> converted("The " + field + " is stored as its text, e.g. 12.5 as \"12.5\".");
            };
            case "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64" -> switch (field) {
                case "int" -> base.startsWith("U") ? converted("Negative values do not fit " + base
                        + " and go to the dead letters.") : fits();
                case "float" -> mismatch("A " + base + " column takes whole numbers: values with a fraction go to"
                        + " the dead letters. Use a Float64 or Decimal column.");
                case "string" -> mismatch("A " + base + " column takes numbers: only strings that hold a whole"
                        + " number are written, the others go to the dead letters.");
                default -> mismatch("A " + field + " cannot be written to a " + base + " column.");
            };
            case "Float32", "Float64", "Decimal", "Decimal32", "Decimal64", "Decimal128" -> switch (field) {
                case "int", "float" -> fits();
                case "string" -> mismatch("A " + base + " column takes numbers: only strings that hold a number"
                        + " are written, the others go to the dead letters.");
                default -> mismatch("A " + field + " cannot be written to a " + base + " column.");
            };
            case "Date", "DateTime", "DateTime64" -> switch (field) {
                case "timestamp" -> fits();
                case "int", "float" -> converted(EpochNumbers.DESCRIPTION);
                case "string" -> mismatch("A " + base + " column takes points in time: if the text is a date-time"
                        + " like 2024-05-01T12:00:00Z, set the field's type to timestamp (page 2).");
                default -> mismatch("A " + field + " cannot be written to a " + base + " column.");
            };
            case "Bool", "Boolean" -> switch (field) {
                case "bool" -> fits();
                case "int", "string" -> converted("Only 1, 0, \"true\" and \"false\" are written.");
                default -> mismatch("A " + field + " cannot be written to a Bool column.");
            };
            case "UUID" -> "string".equals(field) ? converted("Only strings that are UUIDs are written.")
                    : mismatch("A " + field + " cannot be written to a UUID column.");
            case "Enum8", "Enum16" -> "string".equals(field) || "int".equals(field)
                    ? converted("Only the enum's names or values are written.")
                    : mismatch("A " + field + " cannot be written to an enum column.");
            case "Array" -> "array".equals(field) ? fits()
                    : mismatch("An Array column takes JSON arrays, not a " + field + ".");
            case "Map" -> "object".equals(field) ? fits()
                    : mismatch("A Map column takes JSON objects, not a " + field + ".");
            default -> new Verdict(Level.UNKNOWN, "Sluice does not check " + columnType + " columns here.");
        };
    }

    /** The type without Nullable(…) and LowCardinality(…) and without parameters: "Nullable(DateTime('UTC'))" → "DateTime". */
    static String base(String columnType) {
        String type = columnType.trim();
        boolean unwrapped = true;
        while (unwrapped) {
            unwrapped = false;
            for (String wrapper : new String[] {"Nullable(", "LowCardinality("}) {
                if (type.startsWith(wrapper) && type.endsWith(")")) {
                    type = type.substring(wrapper.length(), type.length() - 1).trim();
                    unwrapped = true;
                }
            }
        }
        int parenthesis = type.indexOf('(');
        return parenthesis < 0 ? type : type.substring(0, parenthesis);
    }

    private static Verdict fits() {
        return new Verdict(Level.FITS, "");
    }

    private static Verdict converted(String explanation) {
        return new Verdict(Level.CONVERTED, explanation);
    }

    private static Verdict mismatch(String explanation) {
        return new Verdict(Level.MISMATCH, explanation);
    }
}

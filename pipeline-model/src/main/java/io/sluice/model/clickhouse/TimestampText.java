package io.sluice.model.clickhouse;

/**
 * The one grammar of a point in time written as text, read by the sink for Date, DateTime and
 * DateTime64 columns and by the wizard to guess that a field is a timestamp exactly when the sink
 * would write its values: {@code yyyy-MM-dd}, optionally followed by {@code T} or a space and
 * {@code HH:mm[:ss[.fraction]]}, optionally followed by {@code Z} or an offset {@code ±HH:mm},
 * {@code ±HHmm} or {@code ±HH} ({@code 2026-12-04 10:00:00}, {@code 2026-12-04T10:00:00.123+02:00},
 * {@code 2026-12-04}). Numbers written as text are epoch numbers for the sink ({@link EpochNumbers})
 * and are not timestamps here, since a guess from digits alone would be wrong as often as right.
 *
 * <p>{@link #parse} fills a caller's {@link Parsed} instead of returning a new object: the sink
 * parses one per value of a column, and keeps one {@code Parsed} per column writer.
 */
public final class TimestampText {

    private TimestampText() {
    }

    /** What {@link #parse} made of a text. */
    public enum Outcome {
        /** The grammar holds and the time of day is valid; the date may still not exist (2026-02-30). */
        PARSED,
        /** Not of the grammar. */
        MALFORMED,
        /** Of the grammar, but the hour, minute or second is out of range. */
        INVALID_TIME_OF_DAY
    }

    /** The fields of the last text parsed into it; reused, so only valid after {@link Outcome#PARSED}. */
    public static final class Parsed {

        public int year;

        public int month;

        public int day;

        public int secondOfDay;

        /** The fraction of the second in nanoseconds; digits past the ninth are dropped. */
        public int fractionNanos;

        public boolean hasOffset;

        public int offsetSeconds;

        /** Whether year, month and day name a day of the calendar. */
        public boolean validDate() {
            return month >= 1 && month <= 12 && day >= 1 && day <= lengthOfMonth(year, month);
        }

        /** Days since 1970-01-01 of a {@link #validDate() valid date}, as {@code LocalDate.toEpochDay} counts them. */
        public long epochDay() {
            // Days from the civil calendar (years counted from March, so the leap day ends a year).
            long y = month <= 2 ? year - 1 : year;
            long era = Math.floorDiv(y, 400);
            long yearOfEra = y - era * 400;
            long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
            long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
            return era * 146_097 + dayOfEra - 719_468;
        }

        private static int lengthOfMonth(int year, int month) {
            return switch (month) {
                case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
                case 4, 6, 9, 11 -> 30;
                default -> 31;
            };
        }
    }

    /** Whether the sink reads this text as a date or a point in time, with a valid date and time of day. */
    public static boolean isTimestamp(String text) {
        if (text == null || text.length() > 64) {
            return false;
        }
        Parsed parsed = new Parsed();
        return parse(text, parsed) == Outcome.PARSED && parsed.validDate();
    }

    /** Parses {@code text} into {@code into}. */
    public static Outcome parse(String text, Parsed into) {
        return parse(text.toCharArray(), 0, text.length(), into);
    }

    /**
     * Parses the {@code length} characters at {@code offset} of {@code chars} into {@code into}: the
     * sink reads them where the JSON parser holds them, without a String per value.
     */
    public static Outcome parse(char[] chars, int offset, int length, Parsed into) {
        if (length < 10 || chars[offset + 4] != '-' || chars[offset + 7] != '-') {
            return Outcome.MALFORMED;
        }
        into.year = digits(chars, offset, length, 0, 4);
        into.month = digits(chars, offset, length, 5, 2);
        into.day = digits(chars, offset, length, 8, 2);
        if (into.year < 0 || into.month < 0 || into.day < 0) {
            return Outcome.MALFORMED;
        }
        into.secondOfDay = 0;
        into.fractionNanos = 0;
        into.hasOffset = false;
        into.offsetSeconds = 0;
        int i = 10;
        if (i < length && (chars[offset + i] == 'T' || chars[offset + i] == 't' || chars[offset + i] == ' ')) {
            if (length < i + 6 || chars[offset + i + 3] != ':') {
                return Outcome.MALFORMED;
            }
            int hour = digits(chars, offset, length, i + 1, 2);
            int minute = digits(chars, offset, length, i + 4, 2);
            int second = 0;
            i += 6;
            if (i < length && chars[offset + i] == ':') {
                second = digits(chars, offset, length, i + 1, 2);
                i += 3;
                if (i < length && (chars[offset + i] == '.' || chars[offset + i] == ',')) {
                    int start = ++i;
                    int fraction = 0;
                    while (i < length && Character.isDigit(chars[offset + i])) {
                        if (i - start < 9) {
                            fraction = fraction * 10 + (chars[offset + i] - '0');
                        }
                        i++;
                    }
                    int count = i - start;
                    if (count == 0) {
                        return Outcome.MALFORMED;
                    }
                    for (int k = count; k < 9; k++) {
                        fraction *= 10;
                    }
                    into.fractionNanos = fraction;
                }
            }
            if (hour < 0 || minute < 0 || second < 0) {
                return Outcome.MALFORMED;
            }
            if (hour > 23 || minute > 59 || second > 59) {
                return Outcome.INVALID_TIME_OF_DAY;
            }
            into.secondOfDay = hour * 3600 + minute * 60 + second;
        }
        if (i < length) {
            char c = chars[offset + i];
            if (c == 'Z' || c == 'z') {
                into.hasOffset = true;
                i++;
            }
            else if (c == '+' || c == '-') {
                int sign = (c == '-') ? -1 : 1;
                int hours = digits(chars, offset, length, i + 1, 2);
                int minutes = 0;
                i += 3;
                if (i < length && chars[offset + i] == ':') {
                    i++;
                }
                if (i < length) {
                    minutes = digits(chars, offset, length, i, 2);
                    i += 2;
                }
                if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
                    return Outcome.MALFORMED;
                }
                into.hasOffset = true;
                into.offsetSeconds = sign * (hours * 3600 + minutes * 60);
            }
        }
        return i == length ? Outcome.PARSED : Outcome.MALFORMED;
    }

    /** The decimal number of {@code count} digits at {@code from}; -1 when they are not all digits or run past the end. */
    private static int digits(char[] chars, int offset, int length, int from, int count) {
        if (from < 0 || from + count > length) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = chars[offset + i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

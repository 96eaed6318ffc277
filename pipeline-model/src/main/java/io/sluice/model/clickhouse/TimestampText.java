package io.sluice.model.clickhouse;

import java.time.YearMonth;

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
            return month >= 1 && month <= 12 && day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth();
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
        int length = text.length();
        if (length < 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return Outcome.MALFORMED;
        }
        into.year = digits(text, 0, 4);
        into.month = digits(text, 5, 2);
        into.day = digits(text, 8, 2);
        if (into.year < 0 || into.month < 0 || into.day < 0) {
            return Outcome.MALFORMED;
        }
        into.secondOfDay = 0;
        into.fractionNanos = 0;
        into.hasOffset = false;
        into.offsetSeconds = 0;
        int i = 10;
        if (i < length && (text.charAt(i) == 'T' || text.charAt(i) == 't' || text.charAt(i) == ' ')) {
            if (length < i + 6 || text.charAt(i + 3) != ':') {
                return Outcome.MALFORMED;
            }
            int hour = digits(text, i + 1, 2);
            int minute = digits(text, i + 4, 2);
            int second = 0;
            i += 6;
            if (i < length && text.charAt(i) == ':') {
                second = digits(text, i + 1, 2);
                i += 3;
                if (i < length && (text.charAt(i) == '.' || text.charAt(i) == ',')) {
                    int start = ++i;
                    int fraction = 0;
                    while (i < length && Character.isDigit(text.charAt(i))) {
                        if (i - start < 9) {
                            fraction = fraction * 10 + (text.charAt(i) - '0');
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
            char c = text.charAt(i);
            if (c == 'Z' || c == 'z') {
                into.hasOffset = true;
                i++;
            }
            else if (c == '+' || c == '-') {
                int sign = (c == '-') ? -1 : 1;
                int hours = digits(text, i + 1, 2);
                int minutes = 0;
                i += 3;
                if (i < length && text.charAt(i) == ':') {
                    i++;
                }
                if (i < length) {
                    minutes = digits(text, i, 2);
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
    private static int digits(String text, int from, int count) {
        if (from < 0 || from + count > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

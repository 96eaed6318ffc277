package io.sluice.model.clickhouse;

/**
 * Which texts the sink reads as a point in time for a Date, DateTime or DateTime64 column, so the
 * wizard guesses a field to be a timestamp exactly when the sink would write its values:
 * {@code yyyy-MM-dd}, optionally followed by {@code T} or a space and {@code HH:mm[:ss[.fraction]]},
 * optionally followed by {@code Z} or an offset {@code ±HH:mm}, {@code ±HHmm} or {@code ±HH}
 * ({@code 2026-12-04 10:00:00}, {@code 2026-12-04T10:00:00.123+02:00}, {@code 2026-12-04}).
 * The grammar is the sink's {@code TimeReader}'s; numbers written as text are epoch numbers there
 * ({@link EpochNumbers}) and are not timestamps here, since a guess from digits alone would be wrong
 * as often as right.
 */
public final class TimestampText {

    private TimestampText() {
    }

    /** Whether the sink reads this text as a date or a point in time, with a valid date and time of day. */
    public static boolean isTimestamp(String text) {
        if (text == null || text.length() < 10 || text.length() > 64 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return false;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return false;
        }
        int length = text.length();
        int i = 10;
        if (i < length && (text.charAt(i) == 'T' || text.charAt(i) == 't' || text.charAt(i) == ' ')) {
            if (length < i + 6 || text.charAt(i + 3) != ':') {
                return false;
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
                    while (i < length && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                    if (i == start) {
                        return false;
                    }
                }
            }
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
                return false;
            }
        }
        if (i < length) {
            char c = text.charAt(i);
            if (c == 'Z' || c == 'z') {
                i++;
            }
            else if (c == '+' || c == '-') {
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
                    return false;
                }
            }
        }
        return i == length;
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

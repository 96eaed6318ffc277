package io.sluice.sink.column;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.sluice.model.clickhouse.EpochNumbers;
import io.sluice.model.clickhouse.TimestampText;
import tools.jackson.core.JsonParser;

/**
 * Reads a point in time or a date from a JSON value. One instance per column writer: the result
 * is left in fields instead of a new object per value.
 *
 * <p>Rules, shared by Date, DateTime and DateTime64:
 * <ul>
 * <li>Text: {@link TimestampText}'s grammar, {@code yyyy-MM-dd}, optionally followed by {@code T} or a
 * space and {@code HH:mm[:ss[.fraction]]}, optionally followed by {@code Z} or an offset. Text with an offset is an instant; text without one is a wall-clock
 * time in the column's time zone, or the server's when the column has none (as ClickHouse reads
 * text). Fractions beyond the column's precision are truncated.</li>
 * <li>Numbers, and numbers written as strings, are since the Unix epoch, in a unit told by their
 * size ({@link EpochNumbers}). A fraction is kept ({@code 1700000000.25} seconds).</li>
 * <li>Date only: an integer from 0 to 65535 is a day number (ClickHouse's own rule), and an instant
 * becomes its date in the server's time zone; text without an offset is the date as written.</li>
 * </ul>
 */
final class TimeReader {

    private static final long SECONDS_LIMIT = EpochNumbers.SECONDS_LIMIT;

    private static final long MILLIS_LIMIT = EpochNumbers.MILLIS_LIMIT;

    private static final long MICROS_LIMIT = EpochNumbers.MICROS_LIMIT;

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private final ZoneId zone;

    private final boolean utc;

    /** Seconds since the epoch of the last value read as an instant. */
    long seconds;

    /** Nanoseconds within {@link #seconds}, 0 to 999,999,999. */
    int nanos;

    // The last text read; one per reader, so no object per value.
    private final TimestampText.Parsed text = new TimestampText.Parsed();

    TimeReader(ZoneId zone) {
        this.zone = zone;
        this.utc = zone.normalized().equals(ZoneOffset.UTC);
    }

    /** Reads an instant into {@link #seconds} and {@link #nanos}. */
    void readInstant(JsonParser parser, String type) {
        switch (parser.currentToken()) {
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw outOfRange(parser, type);
                }
                fromEpochNumber(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> fromEpochDecimal(parser.getDecimalValue(), parser, type);
            case VALUE_STRING -> {
                // Read where the parser holds the characters: no String per value (a tenth of the
                // sink's samples were timestamps in a profile, 2026-12-07).
                char[] chars = parser.getTextCharacters();
                int offset = parser.getTextOffset();
                int length = parser.getTextLength();
                if (looksNumeric(chars, offset, length)) {
                    fromNumericText(new String(chars, offset, length), parser, type);
                }
                else {
                    parseText(chars, offset, length, parser, type);
                    toInstant(parser, type);
                }
            }
            default -> throw RejectionWording.unexpected(parser, "a timestamp", type);
        }
    }

    /** Reads a date and returns its day number since 1970-01-01. */
    long readEpochDay(JsonParser parser, String type) {
        switch (parser.currentToken()) {
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    long value = parser.getLongValue();
                    if (value >= 0 && value <= 65_535) {
                        return value;
                    }
                }
            }
            case VALUE_STRING -> {
                char[] chars = parser.getTextCharacters();
                int offset = parser.getTextOffset();
                int length = parser.getTextLength();
                if (!looksNumeric(chars, offset, length)) {
                    parseText(chars, offset, length, parser, type);
                    if (!this.text.hasOffset) {
                        return epochDay(parser, type);
                    }
                    toInstant(parser, type);
                    return dateInZone();
                }
                BigInteger small = Numbers.integer(new String(chars, offset, length));
                if (small != null && small.signum() >= 0 && small.compareTo(BigInteger.valueOf(65_535)) <= 0) {
                    return small.longValue();
                }
            }
            default -> {
                // numbers with a fraction, and anything else, go through the instant rules below
            }
        }
        readInstant(parser, type);
        return dateInZone();
    }

    private long dateInZone() {
        int offset = this.utc ? 0 : this.zone.getRules().getOffset(java.time.Instant.ofEpochSecond(this.seconds)).getTotalSeconds();
        return Math.floorDiv(this.seconds + offset, 86_400);
    }

    private void fromEpochNumber(long value) {
        long magnitude = Math.abs(value);
        if (magnitude < SECONDS_LIMIT) {
            this.seconds = value;
            this.nanos = 0;
        }
        else if (magnitude < MILLIS_LIMIT) {
            this.seconds = Math.floorDiv(value, 1_000L);
            this.nanos = (int) Math.floorMod(value, 1_000L) * 1_000_000;
        }
        else if (magnitude < MICROS_LIMIT) {
            this.seconds = Math.floorDiv(value, 1_000_000L);
            this.nanos = (int) Math.floorMod(value, 1_000_000L) * 1_000;
        }
        else {
            this.seconds = Math.floorDiv(value, 1_000_000_000L);
            this.nanos = (int) Math.floorMod(value, 1_000_000_000L);
        }
    }

    private void fromEpochDecimal(BigDecimal value, JsonParser parser, String type) {
        if (Numbers.integerDigits(value) > 19) {
            throw outOfRange(parser, type);
        }
        BigDecimal magnitude = value.abs();
        BigDecimal nanosPerUnit;
        if (magnitude.compareTo(BigDecimal.valueOf(SECONDS_LIMIT)) < 0) {
            nanosPerUnit = NANOS_PER_SECOND;
        }
        else if (magnitude.compareTo(BigDecimal.valueOf(MILLIS_LIMIT)) < 0) {
            nanosPerUnit = BigDecimal.valueOf(1_000_000L);
        }
        else if (magnitude.compareTo(BigDecimal.valueOf(MICROS_LIMIT)) < 0) {
            nanosPerUnit = BigDecimal.valueOf(1_000L);
        }
        else {
            nanosPerUnit = BigDecimal.ONE;
        }
        BigInteger[] split = value.multiply(nanosPerUnit).setScale(0, RoundingMode.FLOOR).toBigInteger()
                .divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        long wholeSeconds = split[0].longValue();
        long rest = split[1].longValue();
        if (rest < 0) {
            wholeSeconds--;
            rest += 1_000_000_000L;
        }
        this.seconds = wholeSeconds;
        this.nanos = (int) rest;
    }

    private void fromNumericText(String text, JsonParser parser, String type) {
        BigDecimal value = Numbers.decimal(text);
        if (value == null) {
            throw notATimestamp(parser, type);
        }
        if (value.scale() <= 0 && Numbers.integerDigits(value) <= 18) {
            fromEpochNumber(value.longValueExact());
        }
        else {
            fromEpochDecimal(value, parser, type);
        }
    }

    private void toInstant(JsonParser parser, String type) {
        long localSeconds = epochDay(parser, type) * 86_400 + this.text.secondOfDay;
        int offset;
        if (this.text.hasOffset) {
            offset = this.text.offsetSeconds;
        }
        else if (this.utc) {
            offset = 0;
        }
        else {
            TimestampText.Parsed t = this.text;
            LocalDateTime local = LocalDateTime.of(t.year, t.month, t.day, t.secondOfDay / 3600, (t.secondOfDay / 60) % 60,
                    t.secondOfDay % 60);
            offset = this.zone.getRules().getOffset(local).getTotalSeconds();
        }
        this.seconds = localSeconds - offset;
        this.nanos = this.text.fractionNanos;
    }

    private long epochDay(JsonParser parser, String type) {
        if (!this.text.validDate()) {
            throw new ValueRejectedException(RejectionWording.describe(parser) + " is not a valid date for " + type);
        }
        return this.text.epochDay();
    }

    /** Parses the text forms described on the class (TimestampText's grammar); rejects anything else. */
    private void parseText(char[] chars, int offset, int length, JsonParser parser, String type) {
        switch (TimestampText.parse(chars, offset, length, this.text)) {
            case PARSED -> {
            }
            case INVALID_TIME_OF_DAY -> throw new ValueRejectedException(RejectionWording.describe(parser)
                    + " is not a valid time of day for " + type);
            case MALFORMED -> throw notATimestamp(parser, type);
        }
    }

    private static boolean looksNumeric(char[] chars, int offset, int length) {
        // A date starts with four digits and a dash; a number never has a dash after its first character.
        for (int i = 0; i < length; i++) {
            char c = chars[offset + i];
            if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || (c == '-' && (i == 0
                    || chars[offset + i - 1] == 'e' || chars[offset + i - 1] == 'E')))) {
                return false;
            }
        }
        return length > 0;
    }

    static ValueRejectedException outOfRange(JsonParser parser, String type) {
        return new ValueRejectedException(RejectionWording.describe(parser) + " is out of range for " + type);
    }

    private static ValueRejectedException notATimestamp(JsonParser parser, String type) {
        return new ValueRejectedException(RejectionWording.describe(parser) + " is not a date or timestamp " + type
                + " can read (yyyy-MM-dd, yyyy-MM-dd HH:mm:ss, ISO-8601 with an offset, or epoch seconds or milliseconds)");
    }

}

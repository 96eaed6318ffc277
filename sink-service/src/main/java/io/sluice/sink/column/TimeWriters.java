package io.sluice.sink.column;

import java.time.ZoneId;

import tools.jackson.core.JsonParser;

/** Date, DateTime and DateTime64 writers; {@link TimeReader} holds the rules for reading the values. */
final class TimeWriters {

    // DateTime64's documented range; beyond it ClickHouse stores garbage rather than failing.
    private static final long DATETIME64_MIN_SECONDS = -2_208_988_800L; // 1900-01-01T00:00:00Z

    private static final long DATETIME64_MAX_SECONDS = 10_413_791_999L; // 2299-12-31T23:59:59Z

    private static final long[] POWERS_OF_TEN = { 1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
            10_000_000L, 100_000_000L, 1_000_000_000L };

    private TimeWriters() {
    }

    /** Date: days since 1970-01-01 as UInt16, so 1970-01-01 to 2149-06-06. */
    static final class DateWriter implements ColumnWriter {

        private final TimeReader reader;

        DateWriter(ZoneId serverZone) {
            this.reader = new TimeReader(serverZone);
        }

        @Override
        public void write(JsonParser parser, BinaryBuffer out) {
            long day = this.reader.readEpochDay(parser, "Date");
            if (day < 0 || day > 65_535) {
                throw new ValueRejectedException(RejectionWording.describe(parser)
                        + " is out of range for Date (1970-01-01 to 2149-06-06)");
            }
            out.writeShortLE((int) day);
        }

        @Override
        public void writeDefault(BinaryBuffer out) {
            out.writeShortLE(0);
        }
    }

    /** DateTime: seconds since the epoch as UInt32, so 1970-01-01 00:00:00 to 2106-02-07 06:28:15 UTC. */
    static final class DateTimeWriter implements ColumnWriter {

        private final TimeReader reader;

        private final String type;

        DateTimeWriter(ZoneId zone, String type) {
            this.reader = new TimeReader(zone);
            this.type = type;
        }

        @Override
        public void write(JsonParser parser, BinaryBuffer out) {
            this.reader.readInstant(parser, this.type);
            long seconds = this.reader.seconds;
            if (seconds < 0 || seconds > 4_294_967_295L) {
                throw new ValueRejectedException(RejectionWording.describe(parser) + " is out of range for " + this.type
                        + " (1970-01-01 00:00:00 to 2106-02-07 06:28:15 UTC)");
            }
            out.writeIntLE((int) seconds);
        }

        @Override
        public void writeDefault(BinaryBuffer out) {
            out.writeIntLE(0);
        }
    }

    /** DateTime64(P): ticks of 10^-P seconds since the epoch as Int64; digits beyond P are truncated. */
    static final class DateTime64Writer implements ColumnWriter {

        private final TimeReader reader;

        private final int precision;

        private final String type;

        DateTime64Writer(ZoneId zone, int precision, String type) {
            this.reader = new TimeReader(zone);
            this.precision = precision;
            this.type = type;
        }

        @Override
        public void write(JsonParser parser, BinaryBuffer out) {
            this.reader.readInstant(parser, this.type);
            long seconds = this.reader.seconds;
            if (seconds < DATETIME64_MIN_SECONDS || seconds > DATETIME64_MAX_SECONDS) {
                throw outOfRange(parser);
            }
            long ticks;
            try {
                ticks = Math.addExact(Math.multiplyExact(seconds, POWERS_OF_TEN[this.precision]),
                        this.reader.nanos / POWERS_OF_TEN[9 - this.precision]);
            }
            catch (ArithmeticException ex) {
                // DateTime64(9) ends in 2262, where nanoseconds overflow an Int64.
                throw outOfRange(parser);
            }
            out.writeLongLE(ticks);
        }

        @Override
        public void writeDefault(BinaryBuffer out) {
            out.writeLongLE(0);
        }

        private ValueRejectedException outOfRange(JsonParser parser) {
            return new ValueRejectedException(RejectionWording.describe(parser) + " is out of range for " + this.type
                    + " (1900-01-01 to 2299-12-31, and up to 2262-04-11 at precision 9)");
        }
    }

}

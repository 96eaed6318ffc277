package io.sluice.model.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampTextTests {

    @ParameterizedTest
    @ValueSource(strings = { "2026-12-04 10:00:00", "2026-12-04T10:00:00Z", "2026-12-04T10:00:00.123+02:00",
            "2026-12-04 10:00:00.123456789", "2026-12-04T10:00", "2026-12-04 10:00:00+0200", "2026-12-04T10:00:00-05",
            "2026-12-04", "2024-02-29T00:00:00z", "2026-12-04t23:59:59,5" })
    void textsTheSinkWritesToADateTimeColumnAreTimestamps(String text) {
        assertThat(TimestampText.isTimestamp(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "yesterday", "12:00:00", "1714564800", "2026-13-04 10:00:00", "2026-02-30",
            "2026-12-04 24:00:00", "2026-12-04 10:60", "2026-12-04 10", "2026-12-04T10:00:00.", "2026-12-04T10:00:00 UTC",
            "2026-12-04T10:00:00+19:00", "04/12/2026", "2026-12-04x" })
    void otherTextsAreNot(String text) {
        assertThat(TimestampText.isTimestamp(text)).isFalse();
    }

    @Test
    void everyDayOfFourDigitYearsHasTheEpochDayAndValidityJavaTimeGivesIt() {
        TimestampText.Parsed parsed = new TimestampText.Parsed();
        for (int year : new int[] { 0, 1, 4, 100, 400, 1582, 1899, 1900, 1969, 1970, 1971, 2000, 2024, 2026, 2100, 2400, 9999 }) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    parsed.year = year;
                    parsed.month = month;
                    parsed.day = day;
                    LocalDate date = date(year, month, day);
                    assertThat(parsed.validDate()).as("%04d-%02d-%02d", year, month, day).isEqualTo(date != null);
                    if (date != null) {
                        assertThat(parsed.epochDay()).as("%04d-%02d-%02d", year, month, day).isEqualTo(date.toEpochDay());
                    }
                }
            }
        }
    }

    @Test
    void textInsideALargerBufferIsReadWhereItIs() {
        char[] buffer = "xx\"2026-12-04T10:00:00.5+01:00\"yy".toCharArray();
        TimestampText.Parsed parsed = new TimestampText.Parsed();

        assertThat(TimestampText.parse(buffer, 3, 27, parsed)).isEqualTo(TimestampText.Outcome.PARSED);
        assertThat(parsed.secondOfDay).isEqualTo(36_000);
        assertThat(parsed.fractionNanos).isEqualTo(500_000_000);
        assertThat(parsed.offsetSeconds).isEqualTo(3600);
        assertThat(TimestampText.parse(buffer, 3, 28, parsed)).isEqualTo(TimestampText.Outcome.MALFORMED);
    }

    private static LocalDate date(int year, int month, int day) {
        try {
            return LocalDate.of(year, month, day);
        }
        catch (DateTimeException ex) {
            return null;
        }
    }
}

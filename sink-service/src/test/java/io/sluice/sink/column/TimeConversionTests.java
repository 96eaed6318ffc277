package io.sluice.sink.column;

import static io.sluice.sink.column.Encoding.hex;
import static io.sluice.sink.column.Encoding.le;
import static io.sluice.sink.column.Encoding.reason;
import static io.sluice.sink.column.Encoding.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeConversionTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void writesDatesAsDaysSinceTheEpoch() throws Exception {
        // ClickHouse 18.16: SELECT toDate('2020-01-02') FORMAT RowBinary gives 57 47.
        assertThat(hex("Date", "\"2020-01-02\"")).isEqualTo("5747");
        assertThat(hex("Date", "\"1970-01-01\"")).isEqualTo("0000");
        assertThat(hex("Date", "\"2149-06-06\"")).isEqualTo("ffff");
    }

    @Test
    void readsSmallIntegersAsDayNumbersAndLargerOnesAsTimestamps() throws Exception {
        assertThat(hex("Date", "18263")).isEqualTo("5747");
        assertThat(hex("Date", "\"18263\"")).isEqualTo("5747");
        assertThat(hex("Date", "65535")).isEqualTo("ffff");
        assertThat(hex("Date", "1577923200")).isEqualTo("5747");
        assertThat(hex("Date", "1577923200000")).isEqualTo("5747");
    }

    @Test
    void takesTheDateAsWrittenWhenTextHasNoOffset() throws Exception {
        assertThat(hex("Date", "\"2020-01-02 23:30:00\"", BERLIN)).isEqualTo("5747");
        assertThat(hex("Date", "\"2020-01-02T23:30:00\"")).isEqualTo("5747");
    }

    @Test
    void takesTheDateOfAnInstantInTheServerTimeZone() throws Exception {
        assertThat(hex("Date", "\"2020-01-02T23:30:00-05:00\"")).isEqualTo(le(18264, 2));
        assertThat(hex("Date", "\"2020-01-02T23:30:00Z\"", BERLIN)).isEqualTo(le(18264, 2));
        assertThat(hex("Date", "\"2020-01-02T22:30:00Z\"", BERLIN)).isEqualTo(le(18263, 2));
    }

    @Test
    void rejectsDatesOutsideWhatDateHolds() {
        assertThat(reason("Date", "\"1969-12-31\"")).isEqualTo("\"1969-12-31\" is out of range for Date (1970-01-01 to 2149-06-06)");
        assertThat(reason("Date", "\"2149-06-07\"")).isEqualTo("\"2149-06-07\" is out of range for Date (1970-01-01 to 2149-06-06)");
        assertThat(reason("Date", "-1")).contains("out of range for Date");
    }

    @Test
    void rejectsDatesThatDoNotExist() {
        assertThat(reason("Date", "\"2021-02-29\"")).isEqualTo("\"2021-02-29\" is not a valid date for Date");
        assertThat(reason("Date", "\"2020-13-01\"")).isEqualTo("\"2020-13-01\" is not a valid date for Date");
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"2020-01-02 03:04:05\"", "\"2020-01-02T03:04:05\"", "\"2020-01-02T03:04:05Z\"",
            "\"2020-01-02t03:04:05z\"", "\"2020-01-02T05:04:05+02:00\"", "\"2020-01-02T05:04:05+0200\"",
            "\"2020-01-02T05:04:05+02\"", "\"2020-01-01T22:04:05-05:00\"", "\"2020-01-02 03:04:05.999\"",
            "\"2020-01-02T03:04:05.123456789Z\"", "1577934245", "\"1577934245\"", "1577934245999", "1577934245999999",
            "1577934245999999999", "1577934245.75", "\"1577934245.75\"" })
    void readsEveryDocumentedTimestampFormForDateTime(String value) throws Exception {
        assertThat(hex("DateTime", value)).isEqualTo(seconds("2020-01-02T03:04:05Z"));
    }

    @Test
    void readsTextWithoutSecondsOrWithoutATime() throws Exception {
        assertThat(hex("DateTime", "\"2020-01-02 03:04\"")).isEqualTo(seconds("2020-01-02T03:04:00Z"));
        assertThat(hex("DateTime", "\"2020-01-02\"")).isEqualTo(seconds("2020-01-02T00:00:00Z"));
    }

    @Test
    void readsTextWithoutOffsetInTheColumnTimeZoneOrElseTheServers() throws Exception {
        assertThat(hex("DateTime('Asia/Tokyo')", "\"2020-01-02 12:04:05\"")).isEqualTo(seconds("2020-01-02T03:04:05Z"));
        assertThat(hex("DateTime", "\"2020-01-02 04:04:05\"", BERLIN)).isEqualTo(seconds("2020-01-02T03:04:05Z"));
        assertThat(hex("DateTime('UTC')", "\"2020-01-02 03:04:05\"", BERLIN)).isEqualTo(seconds("2020-01-02T03:04:05Z"));
        assertThat(hex("DateTime", "\"2020-07-02 05:04:05\"", BERLIN)).isEqualTo(seconds("2020-07-02T03:04:05Z"));
    }

    @Test
    void ignoresTheTimeZoneForInstantsWithAnOffsetAndForEpochNumbers() throws Exception {
        assertThat(hex("DateTime('Asia/Tokyo')", "\"2020-01-02T03:04:05Z\"")).isEqualTo(seconds("2020-01-02T03:04:05Z"));
        assertThat(hex("DateTime", "1577934245", BERLIN)).isEqualTo(seconds("2020-01-02T03:04:05Z"));
    }

    @Test
    void writesTheEdgesOfTheDateTimeRange() throws Exception {
        assertThat(hex("DateTime", "\"1970-01-01T00:00:00Z\"")).isEqualTo("00000000");
        assertThat(hex("DateTime", "\"2106-02-07T06:28:15Z\"")).isEqualTo("ffffffff");
    }

    @Test
    void rejectsTimestampsOutsideTheDateTimeRange() {
        String range = " is out of range for DateTime (1970-01-01 00:00:00 to 2106-02-07 06:28:15 UTC)";
        assertThat(reason("DateTime", "\"1969-12-31T23:59:59Z\"")).isEqualTo("\"1969-12-31T23:59:59Z\"" + range);
        assertThat(reason("DateTime", "\"2106-02-07T06:28:16Z\"")).isEqualTo("\"2106-02-07T06:28:16Z\"" + range);
        assertThat(reason("DateTime", "-1")).isEqualTo("-1" + range);
        assertThat(reason("DateTime", "99999999999999999999999")).contains("out of range for DateTime");
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"yesterday\"", "\"2020-1-2\"", "\"2020-01-02X03:04:05\"", "\"2020-01-02 03:04:05 UTC\"",
            "\"2020-01-02 3:04:05\"", "\"2020-01-02 03:04:05.\"", "\"2020-01-02T03:04:05+2\"", "\"2020/01/02\"",
            "\"\"", "\"2020-01-02T03:04:05+25:00\"" })
    void rejectsTextThatIsNoDocumentedTimestamp(String value) {
        assertThat(reason("DateTime", value)).startsWith(value + " is not a date or timestamp DateTime can read");
    }

    @Test
    void rejectsTimesOfDayThatDoNotExist() {
        assertThat(reason("DateTime", "\"2020-01-02 24:00:00\"")).isEqualTo("\"2020-01-02 24:00:00\" is not a valid time of day for DateTime");
    }

    @Test
    void rejectsValuesThatAreNoTimestampsAtAll() {
        assertThat(reason("DateTime", "true")).isEqualTo("expected a timestamp for DateTime, got a boolean true");
        assertThat(reason("DateTime", "{}")).isEqualTo("expected a timestamp for DateTime, got an object");
    }

    @Test
    void writesDateTime64AsTicksOfItsPrecision() throws Exception {
        long millis = Instant.parse("2020-01-02T03:04:05.123Z").toEpochMilli();
        assertThat(hex("DateTime64(3)", "\"2020-01-02T03:04:05.123456Z\"")).isEqualTo(le(millis, 8));
        assertThat(hex("DateTime64(3)", "1577934245123")).isEqualTo(le(millis, 8));
        assertThat(hex("DateTime64(3)", "1577934245.123")).isEqualTo(le(millis, 8));
        assertThat(hex("DateTime64(6)", "\"2020-01-02T03:04:05.123456Z\"")).isEqualTo(le(millis * 1000 + 456, 8));
        assertThat(hex("DateTime64(9)", "\"2020-01-02T03:04:05.123456789Z\"")).isEqualTo(le(millis * 1_000_000 + 456_789, 8));
        assertThat(hex("DateTime64(0)", "\"2020-01-02T03:04:05.999Z\"")).isEqualTo(le(millis / 1000, 8));
        assertThat(hex("DateTime64(3, 'Asia/Tokyo')", "\"2020-01-02 12:04:05.123\"")).isEqualTo(le(millis, 8));
    }

    @Test
    void writesDateTime64BeforeTheEpochAsNegativeTicks() throws Exception {
        assertThat(hex("DateTime64(3)", "\"1969-12-31T23:59:59.5Z\"")).isEqualTo(le(-500, 8));
        long seconds1900 = LocalDate.of(1900, 1, 1).toEpochDay() * 86_400;
        assertThat(hex("DateTime64(0)", "\"1900-01-01T00:00:00Z\"")).isEqualTo(le(seconds1900, 8));
    }

    @Test
    void rejectsDateTime64OutsideItsRange() {
        assertThat(reason("DateTime64(3)", "\"1899-12-31T23:59:59Z\"")).contains("is out of range for DateTime64(3)");
        assertThat(reason("DateTime64(3)", "\"2300-01-01T00:00:00Z\"")).contains("is out of range for DateTime64(3)");
        assertThat(reason("DateTime64(9)", "\"2262-04-12T00:00:00Z\"")).contains("is out of range for DateTime64(9)");
    }

}

package io.sluice.model.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

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

}

package io.sluice.sink.column;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.clickhouse.TimestampText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wizard guesses a field to be a timestamp with {@link TimestampText}; this holds that guess to
 * what the sink really writes into a DateTime column, text by text, so the two cannot drift apart.
 * (Numbers written as text are epoch numbers to the sink and are on purpose not guessed.)
 */
class TimestampTextAgreementTests {

    @ParameterizedTest
    @ValueSource(strings = { "2026-12-04 10:00:00", "2026-12-04T10:00:00Z", "2026-12-04T10:00:00.123+02:00",
            "2026-12-04 10:00:00.123456789", "2026-12-04T10:00", "2026-12-04 10:00:00+0200", "2026-12-04T10:00:00-05",
            "2026-12-04", "2024-02-29T00:00:00z", "2026-12-04t23:59:59,5", "", "yesterday", "12:00:00",
            "2026-13-04 10:00:00", "2026-02-30", "2026-12-04 24:00:00", "2026-12-04 10:60", "2026-12-04 10",
            "2026-12-04T10:00:00.", "2026-12-04T10:00:00 UTC", "2026-12-04T10:00:00+19:00", "04/12/2026", "2026-12-04x" })
    void theWizardGuessesATimestampExactlyWhenTheSinkWritesTheTextToADateTime(String text) {
        boolean written;
        try {
            Encoding.hex("DateTime", "\"" + text + "\"");
            written = true;
        }
        catch (ConversionException ex) {
            written = false;
        }
        assertThat(TimestampText.isTimestamp(text)).as(text).isEqualTo(written);
    }

}

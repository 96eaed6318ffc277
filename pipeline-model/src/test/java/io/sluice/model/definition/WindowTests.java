package io.sluice.model.definition;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WindowTests {

    @ParameterizedTest
    @CsvSource({ "500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1h, PT1H", "7d, PT168H", "30d, PT720H", "1ms, PT0.001S",
            "2592000000ms, PT720H" })
    void parsesEveryUnit(String text, Duration expected) {
        Window window = Window.parse(text);
        assertThat(window.duration()).isEqualTo(expected);
        assertThat(window.text()).isEqualTo(text);
        assertThat(window).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "-5m|must be positive", "0s|must be positive", "31d|must be at most 30d",
            "721h|must be at most 30d", "2592000001ms|must be at most 30d", "999999999999999999d|must be at most 30d",
            "5|is not a duration", "5x|is not a duration", "1.5h|is not a duration", "5M|is not a duration",
            "' 5m'|is not a duration", "m|is not a duration", "12345678901234567890s|is not a duration",
            "''|must not be empty" })
    void rejectsInvalidText(String text, String problem) {
        assertThatIllegalArgumentException().isThrownBy(() -> Window.parse(text)).withMessageContaining(problem);
    }

    @Test
    void keepsInvalidTextReadFromJsonForTheValidator() {
        Window window = Window.lenient("-5m");

        assertThat(window.isValid()).isFalse();
        assertThat(window.problem()).hasValue("must be positive, was '-5m'");
        assertThat(window.text()).isEqualTo("-5m");
        assertThatIllegalStateException().isThrownBy(window::duration).withMessageContaining("must be positive");
    }

    @ParameterizedTest
    @CsvSource({ "PT0.5S, 500ms", "PT1.5S, 1500ms", "PT90S, 90s", "PT2M, 2m", "PT1H, 1h", "PT48H, 2d", "PT25H, 25h" })
    void writesADurationInTheLargestUnitThatDividesIt(Duration duration, String expected) {
        assertThat(Window.of(duration).text()).isEqualTo(expected);
        assertThat(Window.of(duration).duration()).isEqualTo(duration);
    }

    @Test
    void rejectsDurationsItCannotWrite() {
        assertThatIllegalArgumentException().isThrownBy(() -> Window.of(Duration.ofNanos(1500)))
            .withMessageContaining("whole number of milliseconds");
        assertThatIllegalArgumentException().isThrownBy(() -> Window.of(Duration.ZERO))
            .withMessageContaining("must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> Window.of(Duration.ofDays(31)))
            .withMessageContaining("at most 30d");
    }

    @Test
    void equalsByText() {
        assertThat(Window.parse("60s")).isEqualTo(Window.parse("60s")).isNotEqualTo(Window.parse("1m"));
        assertThat(Window.parse("60s")).hasSameHashCodeAs(Window.parse("60s"));
    }

}

package io.sluice.model.definition;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A positive duration of at most 30 days written as a whole number and a unit: {@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}. It keeps the text it was written as.
 *
 * <p>A window read from JSON may be invalid ({@code "-5m"}): it keeps the text and the problem
 * so that the validator reports it with its path, instead of the JSON reader failing there and
 * hiding every other problem of the definition. {@link #parse(String)} is the strict way in.
 */
public final class Window {

    public static final Duration MAX = Duration.ofDays(30);

    private static final Pattern TEXT = Pattern.compile("(-?)(\\d{1,18})(ms|s|m|h|d)");

    private final String text;

    private final Duration duration;

    private final String problem;

    private Window(String text, Duration duration, String problem) {
        this.text = text;
        this.duration = duration;
        this.problem = problem;
    }

    /**
     * The window written as {@code text}.
     * @throws IllegalArgumentException if the text is not a valid window
     */
    public static Window parse(String text) {
        Window window = lenient(text);
        if (window.problem != null) {
            throw new IllegalArgumentException(window.problem);
        }
        return window;
    }

    /**
     * The window of this duration, written in the largest unit that divides it.
     * @throws IllegalArgumentException if the duration is not a whole number of milliseconds,
     * not positive or longer than 30 days
     */
    public static Window of(Duration duration) {
        if (duration.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("a window is a whole number of milliseconds, not " + duration);
        }
        long millis = duration.toMillis();
        for (Unit unit : Unit.LARGEST_FIRST) {
            if (millis % unit.millis == 0) {
                return parse((millis / unit.millis) + unit.suffix);
            }
        }
        throw new IllegalStateException("1ms divides every whole number of milliseconds");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Window lenient(String text) {
        if (text == null || text.isEmpty()) {
            return new Window("", null, "must not be empty; expected a duration like 500ms, 30s, 5m, 1h or 7d");
        }
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            return new Window(text, null, "'" + text
                    + "' is not a duration; expected a whole number followed by ms, s, m, h or d, like 500ms, 30s, 5m, 1h or 7d");
        }
        long amount = Long.parseLong(matcher.group(2));
        if (!matcher.group(1).isEmpty() || amount == 0) {
            return new Window(text, null, "must be positive, was '" + text + "'");
        }
        Unit unit = Unit.of(matcher.group(3));
        if (amount > MAX.toMillis() / unit.millis) {
            return new Window(text, null, "must be at most 30d, was '" + text + "'");
        }
        return new Window(text, Duration.ofMillis(amount * unit.millis), null);
    }

    /** The text this window was written as. */
    @JsonValue
    public String text() {
        return this.text;
    }

    /**
     * The length of this window.
     * @throws IllegalStateException if the window is invalid (only a definition that did not
     * pass validation holds one)
     */
    public Duration duration() {
        if (this.duration == null) {
            throw new IllegalStateException("invalid window: " + this.problem);
        }
        return this.duration;
    }

    public boolean isValid() {
        return this.problem == null;
    }

    /** Why this window is invalid, or empty if it is valid. */
    public Optional<String> problem() {
        return Optional.ofNullable(this.problem);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Window window && window.text.equals(this.text);
    }

    @Override
    public int hashCode() {
        return this.text.hashCode();
    }

    @Override
    public String toString() {
        return this.text;
    }

    private enum Unit {

        DAYS("d", 86_400_000L), HOURS("h", 3_600_000L), MINUTES("m", 60_000L), SECONDS("s", 1_000L),
        MILLIS("ms", 1L);

        static final Unit[] LARGEST_FIRST = values();

        final String suffix;

        final long millis;

        Unit(String suffix, long millis) {
            this.suffix = suffix;
            this.millis = millis;
        }

        static Unit of(String suffix) {
            for (Unit unit : LARGEST_FIRST) {
                if (unit.suffix.equals(suffix)) {
                    return unit;
                }
            }
            throw new IllegalArgumentException(suffix);
        }

    }

}
